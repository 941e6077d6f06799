package lab.onion.load.report;

import lab.onion.load.model.LoadRun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the CPU time a service's JVM has used from its own metrics: Micrometer's
 * {@code process_cpu_time_ns_total} (the JVM's process CPU time, all threads) on
 * {@code <base>/q/metrics}, as echo-service exposes it. Reading the service, not the cgroup,
 * needs no access to the host or the container runtime.
 */
public final class CpuTimeProbe {

    static final String METRIC = "process_cpu_time_ns_total";

    private final URI uri;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param base the service's HTTP base URL, e.g. {@code http://echo-low:8080} */
    public CpuTimeProbe(URI base) {
        String s = base.toString();
        this.uri = URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/q/metrics");
    }

    public URI uri() {
        return uri;
    }

    /** The CPU time in nanoseconds the service has used since it started (a starved copy may take seconds to answer). */
    public double cpuNanos() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        Double value = parse(response.body());
        if (value == null) {
            throw new IOException("no " + METRIC + " in " + uri);
        }
        return value;
    }

    /** The metric's value in Prometheus text format, null when absent. */
    static Double parse(String text) {
        for (String line : text.split("\n")) {
            if (!line.startsWith(METRIC)) {
                continue;
            }
            String rest = line.substring(METRIC.length());
            if (rest.startsWith("{")) {
                rest = rest.substring(rest.indexOf('}') + 1);
            } else if (!rest.startsWith(" ")) {
                continue; // another metric with this prefix
            }
            String[] parts = rest.trim().split("\\s+");
            try {
                return Double.parseDouble(parts[0]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A window over which to measure: reads the CPU time when a run's measurement starts and ends. */
    public Window window() {
        return new Window();
    }

    /** Hooks into {@link LoadRun}; reading errors are kept, not thrown, so the run goes on. */
    public final class Window implements LoadRun.Phases {
        private volatile double startCpu = Double.NaN;
        private volatile double endCpu = Double.NaN;
        private volatile long startNanos;
        private volatile long endNanos;
        private volatile String error;

        @Override
        public void measuring() {
            startNanos = System.nanoTime();
            startCpu = read();
        }

        @Override
        public void measured() {
            endNanos = System.nanoTime();
            endCpu = read();
        }

        private double read() {
            try {
                return cpuNanos();
            } catch (IOException e) {
                error = "cannot read CPU time from " + uri + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
                return Double.NaN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted while reading " + uri;
                return Double.NaN;
            }
        }

        /** CPU seconds used in the window; null when either reading failed. */
        public Double cpuSeconds() {
            return Double.isNaN(startCpu) || Double.isNaN(endCpu) ? null : (endCpu - startCpu) / 1e9;
        }

        public Double wallSeconds() {
            return startNanos == 0 || endNanos == 0 ? null : (endNanos - startNanos) / 1e9;
        }

        public String error() {
            return error;
        }
    }
}
