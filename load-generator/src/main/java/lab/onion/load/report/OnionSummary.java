package lab.onion.load.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The onion scenario's human summary on stdout: each measurement, through the onion and direct. */
public final class OnionSummary {

    private static final String LATENCY_HEAD = "%-14s %-28s %9s %9s %9s %9s %9s%n";
    private static final String LATENCY_ROW = "%-14s %-28s %9.3f %9.3f %9.3f %9.3f %9.3f%n";

    private OnionSummary() {
    }

    public static void print(RunReport r, PrintStream out) {
        OnionReport o = r.onion();
        StringBuilder b = new StringBuilder();
        line(b, "scenario", "onion: " + r.target() + (o.direct() == null ? "" : " (direct: " + o.direct() + ")"));
        StringBuilder params = new StringBuilder();
        for (Map.Entry<String, Object> e : r.parameters().entrySet()) {
            params.append(params.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        line(b, "settings", params.toString());
        line(b, "model", r.rate() == null ? r.model() + " (rtt)" : String.format(Locale.ROOT, "%s, %,.1f requests/s (rtt)", r.model(), r.rate()));
        line(b, "duration", String.format(Locale.ROOT, "%.1f s per measurement (after %.1f s warmup; %.1f s in all), seed %d",
                r.durationSeconds(), r.warmupSeconds(), r.elapsedSeconds(), r.seed()));
        line(b, "requests", String.format(Locale.ROOT, "%,d sent = %,d ok + %,d failed (all measurements)",
                r.requests().sent(), r.requests().ok(), r.requests().failed()));

        if (o.rtt() != null) {
            b.append(String.format(Locale.ROOT, "%n" + LATENCY_HEAD, "rtt ms", "lines sent = ok + failed", "p50", "p90", "p99", "p99.9", "max"));
            latencyRow(b, o.rtt().onion());
            latencyRow(b, o.rtt().direct());
            overhead(b, o.rtt().overheadMs());
            for (OnionReport.Side s : new OnionReport.Side[] {o.rtt().onion(), o.rtt().direct()}) {
                if (s != null && s.throughput() != null) {
                    b.append(String.format(Locale.ROOT, "  %-12s %,.1f lines/s%n", s.via(), s.throughput().okPerSecond()));
                }
            }
        }
        if (o.bulk() != null) {
            throughput(b, "bulk", "lines sent = ok + failed", o.bulk().onion(), o.bulk().direct(), o.bulk().slowdown(),
                    String.format(Locale.ROOT, "one stream, %,d-character lines", o.bulk().lineSize()));
        }
        if (o.download() != null) {
            throughput(b, "download", "GETs sent = ok + failed", o.download().onion(), o.download().direct(),
                    o.download().slowdown(), "one stream, one way");
        }
        if (o.parallel() != null) {
            b.append(String.format(Locale.ROOT, "%n" + LATENCY_HEAD, "parallel ms", o.parallel().streams() + " streams a round", "p50", "p90", "p99", "p99.9", "max"));
            for (OnionReport.Side s : new OnionReport.Side[] {o.parallel().onion(), o.parallel().direct()}) {
                if (s != null) {
                    RunReport.Latency l = s.latencyMs();
                    b.append(String.format(Locale.ROOT, LATENCY_ROW, "  " + s.via(),
                            String.format(Locale.ROOT, "%,d of %,d rounds complete", l.count(), s.rounds()),
                            l.p50(), l.p90(), l.p99(), l.p999(), l.max()));
                    b.append(String.format(Locale.ROOT, "  %-12s streams %s%n", "", counts(s.requests())));
                }
            }
            overhead(b, o.parallel().overheadMs());
        }
        if (o.build() != null) {
            b.append(String.format(Locale.ROOT, "%n" + LATENCY_HEAD, "build ms", "", "p50", "p90", "p99", "p99.9", "max"));
            OnionReport.Side first = o.build().firstStream();
            RunReport.Latency l = first.latencyMs();
            b.append(String.format(Locale.ROOT, LATENCY_ROW, "  first stream", counts(first.requests()),
                    l.p50(), l.p90(), l.p99(), l.p999(), l.max()));
            RunReport.Latency p = o.build().proxyBuildMs();
            if (p == null) {
                b.append(String.format("  %-12s none seen (no buildMillis in the proxy's /status)%n", "proxy build"));
            } else {
                b.append(String.format(Locale.ROOT, LATENCY_ROW, "  proxy build", String.format(Locale.ROOT, "%,d circuits", p.count()),
                        p.p50(), p.p90(), p.p99(), p.p999(), p.max()));
            }
        }

        if (r.errors().isEmpty()) {
            b.append(String.format("%nerrors       none%n"));
        } else {
            b.append(String.format(Locale.ROOT, "%n%-20s %-10s %10s  %s%n", "errors", "where", "count", "example"));
            errors(b, "rtt", o.rtt() == null ? null : o.rtt().onion());
            errors(b, "rtt", o.rtt() == null ? null : o.rtt().direct());
            errors(b, "bulk", o.bulk() == null ? null : o.bulk().onion());
            errors(b, "bulk", o.bulk() == null ? null : o.bulk().direct());
            errors(b, "download", o.download() == null ? null : o.download().onion());
            errors(b, "download", o.download() == null ? null : o.download().direct());
            errors(b, "parallel", o.parallel() == null ? null : o.parallel().onion());
            errors(b, "parallel", o.parallel() == null ? null : o.parallel().direct());
            errors(b, "build", o.build() == null ? null : o.build().firstStream());
        }
        RunReport.Thresholds t = r.thresholds();
        if (t != null && (t.maxP99Ms() != null || t.maxErrors() != null || !t.passed())) {
            b.append(String.format("%nthresholds   %s%n", t.passed() ? "passed" : "FAILED"));
            t.violations().forEach(v -> b.append("             ").append(v).append(System.lineSeparator()));
        }
        out.print(b);
        out.flush();
    }

    private static void latencyRow(StringBuilder b, OnionReport.Side s) {
        if (s != null) {
            RunReport.Latency l = s.latencyMs();
            b.append(String.format(Locale.ROOT, LATENCY_ROW, "  " + s.via(), counts(s.requests()), l.p50(), l.p90(), l.p99(), l.p999(), l.max()));
        }
    }

    private static void overhead(StringBuilder b, OnionReport.Overhead o) {
        if (o != null) {
            b.append(String.format(Locale.ROOT, "%-14s %-28s %+9.3f %+9.3f %+9.3f%n", "  overhead", "onion - direct", o.p50(), o.p90(), o.p99()));
        }
    }

    /** A throughput measurement (bulk, download): bytes, seconds and MB/s of each side, and the slowdown. */
    private static void throughput(StringBuilder b, String title, String counts, OnionReport.Side onion,
                                   OnionReport.Side direct, Double slowdown, String what) {
        b.append(String.format(Locale.ROOT, "%n%-14s %-28s %16s %9s %9s%n", title, counts, "bytes checked", "seconds", "MB/s"));
        bulkRow(b, onion);
        bulkRow(b, direct);
        if (slowdown != null) {
            b.append(String.format(Locale.ROOT, "  %-12s direct is %.2fx the onion's MB/s (%s)%n", "slowdown", slowdown, what));
        }
    }

    private static void bulkRow(StringBuilder b, OnionReport.Side s) {
        if (s != null) {
            b.append(String.format(Locale.ROOT, "%-14s %-28s %,16d %9.3f %9.1f%n", "  " + s.via(), counts(s.requests()),
                    s.bytes(), s.seconds(), s.mbPerSecond()));
        }
    }

    private static void errors(StringBuilder b, String measurement, OnionReport.Side s) {
        if (s != null) {
            s.errors().forEach((kind, e) -> b.append(String.format(Locale.ROOT, "%-20s %-10s %,10d  %s%n", kind,
                    measurement + " " + s.via(), e.count(), e.example() == null ? "" : e.example())));
        }
    }

    private static String counts(RunReport.Requests q) {
        return String.format(Locale.ROOT, "%,d = %,d + %,d", q.sent(), q.ok(), q.failed());
    }

    private static void line(StringBuilder b, String name, String value) {
        b.append(String.format("%-12s %s%n", name, value));
    }
}
