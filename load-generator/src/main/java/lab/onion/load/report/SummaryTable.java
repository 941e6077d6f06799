package lab.onion.load.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The human summary on stdout, after the run. */
public final class SummaryTable {

    private SummaryTable() {
    }

    public static void print(RunReport r, PrintStream out) {
        StringBuilder b = new StringBuilder();
        line(b, "scenario", r.scenario() + " -> " + r.target());
        String unit = r.push() == null ? "requests/s" : "messages/s published";
        line(b, "model", r.rate() == null ? r.model() : String.format(Locale.ROOT, "%s, %,.1f %s", r.model(), r.rate(), unit));
        StringBuilder params = new StringBuilder();
        for (Map.Entry<String, Object> e : r.parameters().entrySet()) {
            params.append(params.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        line(b, "settings", params.toString());
        line(b, "duration", String.format(Locale.ROOT, "%.1f s (after %.1f s warmup; %.1f s in all), seed %d", r.durationSeconds(), r.warmupSeconds(), r.elapsedSeconds(), r.seed()));
        RunReport.Push p = r.push();
        if (p == null) {
            line(b, "requests", String.format(Locale.ROOT, "%,d sent = %,d ok + %,d failed", r.requests().sent(), r.requests().ok(), r.requests().failed()));
            line(b, "throughput", String.format(Locale.ROOT, "%,.1f ok/s (%,.1f sent/s)", r.throughput().okPerSecond(), r.throughput().sentPerSecond()));
        } else {
            line(b, "published", String.format(Locale.ROOT, "%,d messages (%,d publishes failed) to %,d subscribers", p.published(), p.publishFailed(), p.subscribers()));
            line(b, "deliveries", String.format(Locale.ROOT, "%,d expected = %,d delivered + %,d lost; %,.1f deliveries/s", r.requests().sent(), p.delivered(), p.lost(), p.deliveriesPerSecond()));
            line(b, "anomalies", String.format(Locale.ROOT, "%,d duplicated, %,d out of order, %,d gaps, %,d resets signalled", p.duplicated(), p.outOfOrder(), p.gaps(), p.resets()));
            line(b, "requests", String.format(Locale.ROOT, "%,d by subscribers (%,d reconnects) = %.3f per delivered message", p.subscriberRequests(), p.reconnects(), p.requestsPerDelivery()));
        }
        RunReport.Latency l = r.latencyMs();
        b.append(String.format(Locale.ROOT, "%n%-12s %10s %10s %10s %10s %10s %10s%n", p == null ? "latency ms" : "delivery ms", "p50", "p90", "p99", "p99.9", "max", "mean"));
        b.append(String.format(Locale.ROOT, "%-12s %10.3f %10.3f %10.3f %10.3f %10.3f %10.3f%n", "", l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean()));
        if (r.errors().isEmpty()) {
            b.append(String.format("%nerrors       none%n"));
        } else {
            b.append(String.format(Locale.ROOT, "%n%-20s %10s  %s%n", "errors", "count", "example"));
            r.errors().forEach((kind, e) -> b.append(String.format(Locale.ROOT, "%-20s %,10d  %s%n", kind, e.count(), e.example() == null ? "" : e.example())));
        }
        RunReport.Thresholds t = r.thresholds();
        if (t != null && (t.maxP99Ms() != null || t.maxErrors() != null || !t.passed())) {
            b.append(String.format("%nthresholds   %s%n", t.passed() ? "passed" : "FAILED"));
            t.violations().forEach(v -> b.append("             ").append(v).append(System.lineSeparator()));
        }
        out.print(b);
        out.flush();
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(String.format("%-12s %s%n", name, value));
    }
}
