package lab.onion.load.cli;

import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import lab.onion.load.report.HtmlReport;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.report.SummaryTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "all", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A short run of every scenario, one after the other, in this process: echo-tcp, echo-http, echo-grpc, onion,",
                "push in each of its four modes.",
                "Each runs with its own defaults, pointed at its target (defaults: the lab's published ports on the",
                "host), for --duration after --warmup. A scenario whose target is down is reported as failed and the",
                "others still run. One summary line per scenario at the end; --json and --html hold every run.",
                "Exit 1 when any scenario failed."})
public class AllCommand implements Callable<Integer> {

    /**
     * One scenario of {@code all}: its subcommand's name, a fresh instance of that subcommand, and
     * the arguments that point it at its target.
     */
    record Entry(String name, Supplier<ScenarioCommand> command, Supplier<List<String>> targetArgs,
                 boolean takesConnections) {
        Entry(String name, Supplier<ScenarioCommand> command, Supplier<List<String>> targetArgs) {
            this(name, command, targetArgs, true);
        }
    }

    /**
     * The scenarios {@code all} runs, in order. To add one (say {@code onion}): give this command
     * an option for its target, like {@code --echo-tcp} below, and add a line here with the
     * subcommand's name, its constructor, and the subcommand's own arguments for that target
     * (e.g. {@code List.of("--socks", onion, ...)}). Duration, warmup, reports and the summary line
     * are shared; the subcommand's other options keep their defaults.
     */
    List<Entry> scenarios() {
        return List.of(
                new Entry("echo-tcp", EchoTcpCommand::new, () -> hostPort(echoTcp, "--echo-tcp")),
                new Entry("echo-http", EchoHttpCommand::new, () -> hostPort(echoHttp, "--echo-http")),
                new Entry("echo-grpc", EchoGrpcCommand::new, () -> hostPort(echoGrpc, "--echo-grpc")),
                new Entry("onion", OnionCommand::new, () -> List.of("--socks", onionSocks, "--proxy-http", onionHttp,
                        "--target", onionTarget, "--direct", echoTcp, "--download-direct", echoHttp)),
                push("short-poll"), push("long-poll"), push("sse"), push("ws"));
    }

    /** push-service in one mode: 100 subscribers (the default), 50 messages/s, a fresh topic. */
    private Entry push(String mode) {
        return new Entry("push-" + mode, PushCommand::new, () -> List.of("--mode", mode, "--url", pushUrl), false);
    }

    @Option(names = "--push", defaultValue = "http://127.0.0.1:8090", paramLabel = "URL",
            description = "push-service (default: ${DEFAULT-VALUE}); publishing uses PUSH_PUBLISH_TOKEN or the lab's default token.")
    String pushUrl;

    @Option(names = "--onion-socks", defaultValue = "127.0.0.1:9050", paramLabel = "HOST:PORT",
            description = "The onion proxy's SOCKS5 port (default: ${DEFAULT-VALUE}).")
    String onionSocks;

    @Option(names = "--onion-http", defaultValue = "http://127.0.0.1:9080", paramLabel = "URL",
            description = "The onion proxy's HTTP port, for new identities (default: ${DEFAULT-VALUE}).")
    String onionHttp;

    @Option(names = "--onion-target", defaultValue = "echo-service:8081", paramLabel = "HOST:PORT",
            description = "echo-service as the exit relay reaches it (default: ${DEFAULT-VALUE}); the onion "
                    + "scenario's direct side uses --echo-tcp.")
    String onionTarget;

    @Option(names = "--echo-tcp", defaultValue = "127.0.0.1:8081", paramLabel = "HOST:PORT",
            description = "echo-service's TCP line protocol (default: ${DEFAULT-VALUE}).")
    String echoTcp;

    @Option(names = "--echo-http", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "echo-service's HTTP port (default: ${DEFAULT-VALUE}).")
    String echoHttp;

    @Option(names = "--echo-grpc", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "echo-service's gRPC port, the HTTP port (default: ${DEFAULT-VALUE}).")
    String echoGrpc;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Run only these scenarios, comma-separated (default: all of them).")
    List<String> only;

    @Option(names = "--duration", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to measure each scenario (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Warmup before each scenario's measurement (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-c", "--connections"}, paramLabel = "N",
            description = "Connections (workers, streams) of every scenario (default: each scenario's own).")
    Integer connections;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every run's report to FILE, as one JSON object.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write every run to FILE, as one self-contained HTML page.")
    Path html;

    @Option(names = "--no-progress", description = "No progress lines on stderr.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Inject
    Vertx vertx;

    /**
     * One scenario's outcome in the combined JSON report.
     *
     * @param failure why it failed (a threshold, nothing succeeded, a bad target), null when it passed
     * @param report  the run's report; null when it could not run at all
     */
    public record Outcome(String scenario, String target, boolean passed, String failure, RunReport report) {
    }

    /** The combined JSON report of {@code all}. */
    public record AllReport(String command, String startedAt, double durationSeconds, double warmupSeconds,
                            boolean passed, List<Outcome> runs) {
    }

    @Override
    public Integer call() throws Exception {
        List<Entry> chosen = chosen();
        String startedAt = java.time.Instant.now().toString();
        List<Outcome> outcomes = new ArrayList<>();
        for (Entry entry : chosen) {
            outcomes.add(runOne(entry));
        }
        AllReport all = new AllReport("all", startedAt, duration.toNanos() / 1e9, warmup.toNanos() / 1e9,
                outcomes.stream().allMatch(Outcome::passed), outcomes);
        printSummary(outcomes);
        HtmlReport page = new HtmlReport("onion-lab load generator: all scenarios");
        page.table("summary", List.of("scenario", "target", "status", "ok/s", "p50 ms", "p99 ms", "errors"), summaryRows(outcomes));
        for (Outcome o : outcomes) {
            if (o.report() != null) {
                page.run(o.report());
            } else {
                page.heading(o.scenario()).paragraph("did not run: " + o.failure());
            }
        }
        boolean written = ScenarioCommand.writeJson(json, all) & ScenarioCommand.writeHtml(html, page);
        return all.passed() && written ? 0 : 1;
    }

    private List<Entry> chosen() {
        List<Entry> all = scenarios();
        if (only == null || only.isEmpty()) {
            return all;
        }
        List<String> names = all.stream().map(Entry::name).toList();
        for (String name : only) {
            if (!names.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--only: no scenario '" + name + "' (choose from " + String.join(", ", names) + ")");
            }
        }
        return all.stream().filter(e -> only.contains(e.name())).toList();
    }

    private Outcome runOne(Entry entry) throws InterruptedException {
        List<String> args = new ArrayList<>(entry.targetArgs().get());
        String target = String.join(" ", args);
        args.addAll(List.of("--duration", millis(duration), "--warmup", millis(warmup)));
        if (connections != null && entry.takesConnections()) {
            args.addAll(List.of("--connections", String.valueOf(connections)));
        }
        if (!noProgress) {
            System.err.println("==> " + entry.name() + " " + String.join(" ", args));
        }
        try {
            ScenarioCommand command = entry.command().get();
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
            command.vertx = vertx;
            RunReport report = command.execute(new Progress(System.err, false, !noProgress, entry.name()));
            SummaryTable.print(report, System.out);
            System.out.println();
            RunReport.Thresholds t = report.thresholds();
            return new Outcome(entry.name(), report.target(), t.passed(), t.passed() ? null : String.join("; ", t.violations()), report);
        } catch (ScenarioCommand.TargetException | CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("load-generator: " + entry.name() + ": " + e.getMessage());
            return new Outcome(entry.name(), target, false, e.getMessage(), null);
        }
    }

    private void printSummary(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %-28s %12s %10s %10s %8s  %s%n",
                "scenario", "target", "ok/s", "p50 ms", "p99 ms", "errors", "status"));
        for (List<String> row : summaryRows(outcomes)) {
            b.append(String.format(Locale.ROOT, "%-12s %-28s %12s %10s %10s %8s  %s%n",
                    row.get(0), row.get(1), row.get(3), row.get(4), row.get(5), row.get(6), row.get(2)));
        }
        System.out.print(b);
        System.out.flush();
    }

    private static List<List<String>> summaryRows(List<Outcome> outcomes) {
        List<List<String>> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            String status = o.passed() ? "ok" : "FAILED: " + o.failure();
            RunReport r = o.report();
            if (r == null) {
                rows.add(Arrays.asList(o.scenario(), o.target(), status, "-", "-", "-", "-"));
            } else {
                rows.add(List.of(o.scenario(), o.target(), status,
                        String.format(Locale.ROOT, "%,.1f", r.throughput().okPerSecond()),
                        String.format(Locale.ROOT, "%.3f", r.latencyMs().p50()),
                        String.format(Locale.ROOT, "%.3f", r.latencyMs().p99()),
                        String.format(Locale.ROOT, "%,d", r.errorCount())));
            }
        }
        return rows;
    }

    /** {@code HOST:PORT} (or {@code [v6]:PORT}) as a scenario's {@code --host} and {@code --port}. */
    List<String> hostPort(String value, String option) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected HOST:PORT, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return List.of("--host", host, "--port", value.substring(colon + 1));
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
