package lab.onion.load.cli;

import lab.onion.load.model.LoadModel;
import lab.onion.load.model.RunSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The options every scenario shares: load model, timing, report, thresholds. */
public final class RunOptions {

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to measure, after the warmup (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Load sent first and left out of the results (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--rate", paramLabel = "R",
            description = "Fixed rate: R requests/s in total, open loop, latency measured from each request's "
                    + "intended send time (coordinated omission corrected, as wrk2). Without it: closed loop.")
    Double rate;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the request payloads (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as a self-contained HTML page with charts to FILE.")
    Path html;

    @Option(names = "--max-p99", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Threshold: exit 1 when p99 latency is above it.")
    Duration maxP99;

    @Option(names = "--max-errors", paramLabel = "N", description = "Threshold: exit 1 when there are more than N errors.")
    Long maxErrors;

    @Option(names = "--grace", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "After the run, how long to wait for outstanding replies; later ones count as timeouts (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--connect-timeout", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Connection timeout (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--no-progress", description = "No progress line on stderr.")
    boolean noProgress;

    /** {@code --rate} as a load model: fixed rate when given, else closed loop; a rate <= 0 is bad usage (exit 2). */
    LoadModel model(CommandSpec spec) {
        if (rate != null && !(rate > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be > 0 requests/s, got " + rate);
        }
        return rate == null ? new LoadModel.ClosedLoop() : new LoadModel.FixedRate(rate);
    }

    /** These options as the settings of a run paced by {@code model}; a duration <= 0 is bad usage (exit 2). */
    RunSettings settings(CommandSpec spec, LoadModel model) {
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be > 0");
        }
        return new RunSettings(model, duration, warmup, grace, seed);
    }

    int connectTimeoutMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }
}
