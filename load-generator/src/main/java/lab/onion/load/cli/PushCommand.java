package lab.onion.load.cli;

import lab.onion.load.model.LoadModel;
import lab.onion.load.model.RunSettings;
import lab.onion.load.push.PushMode;
import lab.onion.load.push.PushRun;
import lab.onion.load.push.PushServer;
import lab.onion.load.push.PushSettings;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load on a push gateway: one publisher, many subscribers (push-service on 8090, or Nchan).",
                "Publishes --publish-rate messages/s to one topic, open loop; each body is {\"g\":N,\"t\":T}, the",
                "generator's own sequence number and intended publish time. --subscribers subscribers receive them",
                "by --mode short-poll, long-poll, sse or ws (non-blocking, on Vert.x's event loops) and measure",
                "publish-to-delivery latency per message. The report adds deliveries/s, messages lost (published",
                "but not delivered to a subscriber by the end of --grace), duplicated, out of order, gaps",
                "signalled, and HTTP requests per delivered message. Subscribers resume from the last",
                "seq / Last-Event-ID they saw whenever they reconnect; --reconnect-every forces that."})
public class PushCommand extends ScenarioCommand {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Option(names = "--mode", required = true, paramLabel = "MODE",
            description = "How subscribers are told: short-poll, long-poll, sse or ws.")
    String mode;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8090", paramLabel = "URL",
            description = "The gateway (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--server", defaultValue = "push-service", paramLabel = "KIND",
            description = "URL layout and protocol of the gateway: push-service (/topics/{t}, /topics/{t}/ws, ...) "
                    + "or nchan (POST /pub/{t}, subscribe /sub/{t}; no short-poll) (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--topic", paramLabel = "NAME",
            description = "Topic ([A-Za-z0-9._-], up to 64) (default: a fresh random name per run, so runs do not see each other's history).")
    String topic;

    @Option(names = {"-s", "--subscribers"}, defaultValue = "100", paramLabel = "N",
            description = "Subscribers, all on the one topic (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--publish-rate", defaultValue = "50", paramLabel = "R",
            description = "Messages published per second, at fixed intended times (default: ${DEFAULT-VALUE}).")
    double publishRate;

    @Option(names = "--token", defaultValue = "${env:PUSH_PUBLISH_TOKEN:-onion-lab-demo-token}", paramLabel = "TOKEN",
            description = "Publish bearer token (default: $PUSH_PUBLISH_TOKEN, else onion-lab-demo-token).")
    String token;

    @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "short-poll: time between one subscriber's polls (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--reconnect-every", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "sse, ws: drop each subscriber's connection after about this long and resume at once, "
                    + "to exercise resume (polls resume on every request anyway). Expect no loss and no duplicates.")
    Duration reconnectEvery;

    @Option(names = "--max-lost", paramLabel = "N", description = "Threshold: exit 1 when more than N deliveries are lost.")
    Long maxLost;

    private PushMode pushMode;
    private PushServer pushServer;
    private URI target;

    @Override
    protected void validate() {
        pushMode = PushMode.of(mode).orElseThrow(() -> usage("--mode must be short-poll, long-poll, sse or ws, got '" + mode + "'"));
        pushServer = PushServer.of(server).orElseThrow(() -> usage("--server must be push-service or nchan, got '" + server + "'"));
        if (pushServer == PushServer.NCHAN && pushMode == PushMode.SHORT_POLL) {
            throw usage("--server nchan has no short-poll mode (its subscribers: long-poll, sse, ws)");
        }
        positive("--subscribers", subscribers);
        if (!(publishRate > 0)) {
            throw usage("--publish-rate must be > 0 messages/s, got " + publishRate);
        }
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw usage("--poll-interval must be > 0");
        }
        if (reconnectEvery != null && (reconnectEvery.isZero() || reconnectEvery.isNegative())) {
            throw usage("--reconnect-every must be > 0");
        }
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            throw usage("--topic must match [A-Za-z0-9._-]{1,64}, got '" + topic + "'");
        }
        try {
            target = new URI(url);
        } catch (Exception e) {
            throw usage("--url is not a URL: '" + url + "'");
        }
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            throw usage("--url must be http://HOST[:PORT][/PREFIX], got '" + url + "'");
        }
    }

    /** Push publishes at --publish-rate, open loop; --rate belongs to the request/reply scenarios. */
    @Override
    protected LoadModel model() {
        if (run.rate != null) {
            throw usage("push publishes at --publish-rate; --rate is for request/reply scenarios");
        }
        return new LoadModel.FixedRate(publishRate);
    }

    /** Publish at --publish-rate, subscribers in --mode: the push run, judged by every threshold. */
    @Override
    RunReport execute(Progress progress) throws InterruptedException {
        validate();
        RunReport report = publishAndSubscribe(settings(), progress);
        RunReport.Thresholds thresholds = check(run, report);
        List<String> violations = new java.util.ArrayList<>(thresholds.violations());
        if (maxLost != null && report.push().lost() > maxLost) {
            violations.add(String.format(Locale.ROOT, "%,d lost > --max-lost %,d", report.push().lost(), maxLost));
        }
        return report.withThresholds(new RunReport.Thresholds(thresholds.maxP99Ms(), thresholds.maxErrors(),
                violations.isEmpty(), violations));
    }

    private RunReport publishAndSubscribe(RunSettings settings, Progress progress) throws InterruptedException {
        resolvable(target.getHost(), "--url");
        String prefix = target.getRawPath() == null ? "" : target.getRawPath().replaceAll("/+$", "");
        String name = topic != null ? topic : "load-" + UUID.randomUUID().toString().substring(0, 8);
        PushSettings push = new PushSettings(pushServer, pushMode, target.getHost(),
                target.getPort() > 0 ? target.getPort() : 80, prefix, name, subscribers, publishRate, token,
                pollInterval, pushMode == PushMode.SSE || pushMode == PushMode.WS ? reconnectEvery : null,
                run.connectTimeoutMillis());
        return PushRun.execute(vertx, push, settings, progress);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
