package lab.onion.load.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The options every scenario shares: timing, report, thresholds (the load model is each scenario's own). */
public final class RunOptions {

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to measure, after the warmup (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Load sent first and left out of the results (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the request payloads (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path json;

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

    int connectTimeoutMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }
}
