package lab.onion.load.report;

import org.HdrHistogram.Histogram;

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
    private long lastOk;
    private long lastErrors;
    private boolean drawn;

    public Progress(PrintStream out, boolean terminal, boolean enabled) {
        this.out = out;
        this.terminal = terminal;
        this.enabled = enabled;
    }

    public void tick(Stats stats, long elapsedNanos, boolean warmup) {
        Histogram interval = stats.collectInterval();
        long ok = stats.ok();
        long errors = stats.errorCount();
        if (!enabled) {
            return;
        }
        String line = String.format(Locale.ROOT, "%5.0fs %-7s ok %,10d/s  p50 %9.3f ms  p99 %9.3f ms  errors %,d (+%,d)  in flight %,d",
                elapsedNanos / 1e9, warmup ? "warmup" : "", ok - lastOk,
                interval.getValueAtPercentile(50) / 1e6, interval.getValueAtPercentile(99) / 1e6,
                errors, errors - lastErrors, stats.inFlight());
        lastOk = ok;
        lastErrors = errors;
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
