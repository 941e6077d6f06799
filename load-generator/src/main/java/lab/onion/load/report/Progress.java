package lab.onion.load.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live line, once a second on stderr: redrawn in place on a terminal, one plain line per
 * second otherwise (CI logs, pipes, {@code docker compose run} without a TTY).
 */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final boolean enabled;
    private final String label;
    private boolean drawn;

    public Progress(PrintStream out, boolean terminal, boolean enabled) {
        this(out, terminal, enabled, "");
    }

    /** @param label put before every line, so that runs side by side (cgroups) can be told apart */
    public Progress(PrintStream out, boolean terminal, boolean enabled, String label) {
        this.out = out;
        this.terminal = terminal;
        this.enabled = enabled;
        this.label = label.isEmpty() ? "" : label + " ";
    }

    /** Prints one second of the timeline (ok/s, percentiles and errors count the warmup too). */
    public void tick(Stats stats, Stats.Second second) {
        if (!enabled) {
            return;
        }
        String line = String.format(Locale.ROOT, "%s%5.0fs %-7s ok %,10d/s  p50 %9.3f ms  p99 %9.3f ms  errors %,d (+%,d)  in flight %,d",
                label, second.t(), second.warmup() ? "warmup" : "", second.ok(), second.p50Ms(), second.p99Ms(),
                stats.errorCount(), second.errors(), stats.inFlight());
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            drawn = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    public void finish(Stats stats, long elapsedNanos) {
        if (enabled && terminal && drawn) {
            out.println();
            out.flush();
        }
    }
}
