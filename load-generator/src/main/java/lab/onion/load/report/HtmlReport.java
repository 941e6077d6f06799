package lab.onion.load.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page of one or more runs: no scripts, fonts or style sheets from
 * anywhere, the charts are SVG drawn here. The page is well-formed XHTML too, so a test can
 * parse it with an XML parser. Every string from outside (targets, error messages, parameters)
 * goes through {@link #escape(String)}.
 *
 * <p>Build a page by adding sections in order: {@link #run(RunReport)} for each run, and
 * {@link #table} or {@link #paragraph} for anything around them (the summary of {@code all},
 * the CPU shares of {@code cgroups}); then {@link #write(Path)}.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; }
            h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
            h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
            table { border-collapse: collapse; margin: 0.5em 0; }
            th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #e4e4e4; text-align: left; }
            td:first-child { white-space: nowrap; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            .meta td:first-child { color: #666; }
            .failed { color: #b00020; font-weight: bold; }
            .passed { color: #1b7f3b; font-weight: bold; }
            svg { display: block; margin: 0.3em 0 1em; }
            svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #444; }
            .muted { color: #666; }
            """;

    private static final int WIDTH = 720;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 24;
    private static final int BOTTOM = 40;

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private int runs;

    public HtmlReport(String title) {
        this.title = title;
    }

    /** A heading of the page's own, e.g. before a group of runs. */
    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /**
     * A table; cells that look like numbers are right-aligned. A cell {@code "FAILED..."} or
     * {@code "ok"} in a column named {@code status} is coloured.
     */
    public HtmlReport table(String caption, List<String> header, List<List<String>> rows) {
        if (caption != null) {
            body.append("<h3>").append(escape(caption)).append("</h3>\n");
        }
        body.append("<table>\n<thead><tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i);
                String cls = numeric(cell) ? " class=\"n\"" : "";
                if (i < header.size() && header.get(i).equals("status")) {
                    cls = cell.startsWith("ok") ? " class=\"passed\"" : " class=\"failed\"";
                }
                body.append("<td").append(cls).append('>').append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    /** One run: what and where, the summary, latency percentiles, throughput and p99 over time, errors. */
    public HtmlReport run(RunReport r) {
        return run(null, r);
    }

    /** As {@link #run(RunReport)}, its heading starting with {@code label} (e.g. which side of a comparison). */
    public HtmlReport run(String label, RunReport r) {
        runs++;
        body.append("<section id=\"run-").append(runs).append("\">\n");
        body.append("<h2>").append(label == null ? "" : escape(label) + ": ").append(escape(r.scenario())).append(" <span class=\"muted\">&#8594; ")
                .append(escape(r.target())).append("</span></h2>\n");
        StringBuilder params = new StringBuilder();
        for (Map.Entry<String, Object> e : r.parameters().entrySet()) {
            params.append(params.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        List<List<String>> meta = new ArrayList<>();
        meta.add(List.of("model", r.rate() == null ? r.model() : fmt("%s, %,.1f requests/s", r.model(), r.rate())));
        meta.add(List.of("settings", params.toString()));
        meta.add(List.of("duration", fmt("%.1f s measured after %.1f s warmup (%.1f s in all), seed %d",
                r.durationSeconds(), r.warmupSeconds(), r.elapsedSeconds(), r.seed())));
        meta.add(List.of("started", r.startedAt()));
        meta.add(List.of("requests", fmt("%,d sent = %,d ok + %,d failed", r.requests().sent(), r.requests().ok(), r.requests().failed())));
        meta.add(List.of("throughput", fmt("%,.1f ok/s (%,.1f sent/s)", r.throughput().okPerSecond(), r.throughput().sentPerSecond())));
        if (r.thresholds() != null) {
            RunReport.Thresholds t = r.thresholds();
            meta.add(List.of("thresholds", t.passed() ? "passed" : "FAILED: " + String.join("; ", t.violations())));
        }
        body.append("<table class=\"meta\">\n");
        for (List<String> row : meta) {
            body.append("<tr><td>").append(escape(row.get(0))).append("</td><td>").append(escape(row.get(1))).append("</td></tr>\n");
        }
        body.append("</table>\n");
        RunReport.Latency l = r.latencyMs();
        table("latency (ms, successful requests)", List.of("p50", "p90", "p99", "p99.9", "max", "mean", "count"),
                List.of(List.of(ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()), ms(l.mean()),
                        fmt("%,d", l.count()))));
        if (r.latencyDistribution() != null && !r.latencyDistribution().isEmpty()) {
            body.append("<h3>latency by percentile</h3>\n");
            percentileChart(r.latencyDistribution(), l.count());
        }
        if (r.timeline() != null && !r.timeline().isEmpty()) {
            body.append("<h3>throughput over time</h3>\n");
            timeChart(r.timeline(), r.warmupSeconds(), "requests/s", List.of(
                    new Series("ok/s", "#1565c0", r.timeline().stream().map(s -> new double[] {s.t(), s.okPerSecond()}).toList()),
                    new Series("errors/s", "#c62828", r.timeline().stream().map(s -> new double[] {s.t(), s.errorsPerSecond()}).toList())));
            body.append("<h3>latency over time</h3>\n");
            timeChart(r.timeline(), r.warmupSeconds(), "ms", List.of(
                    new Series("p99", "#6a1b9a", r.timeline().stream().map(s -> new double[] {s.t(), s.p99Ms()}).toList()),
                    new Series("p50", "#2e7d32", r.timeline().stream().map(s -> new double[] {s.t(), s.p50Ms()}).toList())));
        }
        if (r.errors().isEmpty()) {
            body.append("<h3>errors</h3>\n<p>none</p>\n");
        } else {
            List<List<String>> rows = new ArrayList<>();
            r.errors().forEach((kind, e) -> rows.add(List.of(kind, fmt("%,d", e.count()), e.example() == null ? "" : e.example())));
            table("errors by kind", List.of("kind", "count", "example"), rows);
        }
        body.append("</section>\n");
        return this;
    }

    public String render() {
        return "<!DOCTYPE html>\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + "<h1>" + escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** Text for HTML and XML alike: element content and quoted attribute values. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters are not allowed in XML; an error message might carry one.
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private record Series(String name, String color, List<double[]> points) {
    }

    /**
     * Latency against percentile on HdrHistogram's axis: x is log10(1 / (1 - p)), so 90 %, 99 %,
     * 99.9 % are equally spaced and the tail gets the room it deserves; 100 % (the maximum) sits
     * where the count of requests runs out.
     */
    private void percentileChart(List<RunReport.Percentile> points, long count) {
        double xMax = Math.max(1, Math.log10(Math.max(count, 10)));
        List<double[]> xy = new ArrayList<>();
        for (RunReport.Percentile p : points) {
            double x = p.percentile() >= 100 ? xMax : Math.min(xMax, Math.log10(100 / (100 - p.percentile())));
            xy.add(new double[] {x, p.latencyMs()});
        }
        double yMax = niceMax(xy.stream().mapToDouble(p -> p[1]).max().orElse(1));
        StringBuilder svg = openSvg("latency by percentile");
        yAxis(svg, yMax, "ms");
        List<double[]> ticks = new ArrayList<>();
        ticks.add(new double[] {0});
        ticks.add(new double[] {Math.log10(2)});
        for (int i = 1; i <= Math.floor(xMax); i++) {
            ticks.add(new double[] {i});
        }
        for (double[] t : ticks) {
            double px = px(t[0], xMax);
            svg.append(line(px, TOP, px, HEIGHT - BOTTOM, "#eee"));
            svg.append(text(px, HEIGHT - BOTTOM + 14, "middle", percentLabel(t[0])));
        }
        svg.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 6, "middle", "percentile"));
        svg.append(polyline(xy, xMax, yMax, "#1565c0"));
        closeSvg(svg);
    }

    /** Series over the seconds of a run; the warmup is shaded. */
    private void timeChart(List<Stats.Second> timeline, double warmupEnd, String unit, List<Series> series) {
        double tMax = Math.max(1, timeline.get(timeline.size() - 1).t());
        double yMax = niceMax(series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).max().orElse(1));
        StringBuilder svg = openSvg(series.get(0).name() + " over time");
        if (warmupEnd > 0) {
            svg.append(fmt("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f3f3f3\"/>\n",
                    (double) LEFT, TOP, px(Math.min(warmupEnd, tMax), tMax) - LEFT, HEIGHT - TOP - BOTTOM));
            svg.append(text(LEFT + 4, TOP + 12, "start", "warmup"));
        }
        yAxis(svg, yMax, unit);
        double step = Math.max(1, Math.ceil(tMax / 10));
        for (double t = 0; t <= tMax + 1e-9; t += step) {
            double px = px(t, tMax);
            svg.append(text(px, HEIGHT - BOTTOM + 14, "middle", fmt("%.0f", t)));
        }
        svg.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 6, "middle", "seconds since the load began"));
        double legendX = WIDTH - RIGHT - 8;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            svg.append(text(legendX, TOP - 8, "end", s.name()).replace("<text ", "<text style=\"fill: " + s.color() + "\" "));
            legendX -= 12 + 7 * s.name().length();
        }
        for (Series s : series) {
            List<double[]> withOrigin = new ArrayList<>();
            withOrigin.add(new double[] {0, s.points().isEmpty() ? 0 : s.points().get(0)[1]});
            withOrigin.addAll(s.points());
            svg.append(stepline(withOrigin, tMax, yMax, s.color()));
        }
        closeSvg(svg);
    }

    private StringBuilder openSvg(String label) {
        StringBuilder svg = new StringBuilder();
        svg.append(fmt("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, escape(label)));
        return svg;
    }

    private void closeSvg(StringBuilder svg) {
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#888"));
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#888"));
        svg.append("</svg>\n");
        body.append(svg);
    }

    private static void yAxis(StringBuilder svg, double yMax, String unit) {
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double py = py(v, yMax);
            svg.append(line(LEFT, py, WIDTH - RIGHT, py, "#eee"));
            svg.append(text(LEFT - 6, py + 4, "end", number(v)));
        }
        svg.append(text(LEFT - 6, TOP - 8, "end", unit));
    }

    private static String polyline(List<double[]> xy, double xMax, double yMax, String color) {
        StringBuilder points = new StringBuilder();
        for (double[] p : xy) {
            points.append(fmt("%.1f,%.1f ", px(p[0], xMax), py(p[1], yMax)));
        }
        return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\" points=\"" + points.toString().trim() + "\"/>\n";
    }

    /** Each value holds over the second that ends at its time. */
    private static String stepline(List<double[]> xy, double xMax, double yMax, String color) {
        List<double[]> steps = new ArrayList<>();
        for (int i = 0; i < xy.size(); i++) {
            double[] p = xy.get(i);
            if (i > 0) {
                steps.add(new double[] {xy.get(i - 1)[0], p[1]});
            }
            steps.add(p);
        }
        return polyline(steps, xMax, yMax, color);
    }

    private static double px(double x, double xMax) {
        return LEFT + (WIDTH - LEFT - RIGHT) * x / xMax;
    }

    private static double py(double y, double yMax) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * Math.min(y, yMax) / yMax;
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", x1, y1, x2, y2, color);
    }

    private static String text(double x, double y, String anchor, String content) {
        return fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, y, anchor, escape(content));
    }

    /** 0 -> 0%, log10(2) -> 50%, 1 -> 90%, 2 -> 99%, 3 -> 99.9%, ... */
    private static String percentLabel(double x) {
        if (x == 0) {
            return "0%";
        }
        double p = 100 * (1 - Math.pow(10, -x));
        String s = fmt("%." + Math.max(0, (int) Math.round(x) - 2) + "f", p);
        return s + "%";
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceMax(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double v) {
        if (v == 0) {
            return "0";
        }
        if (v >= 1000) {
            return fmt("%,.0f", v);
        }
        return fmt("%.2f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String ms(double v) {
        return fmt("%.3f", v);
    }

    private static boolean numeric(String cell) {
        return cell.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?( ?(%|ms|s|x|/s))?");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
