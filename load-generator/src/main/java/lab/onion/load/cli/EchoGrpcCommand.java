package lab.onion.load.cli;

import lab.onion.load.scenario.EchoGrpcScenario;
import lab.onion.load.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "echo-grpc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load on the echo contract over gRPC (onionlab.echo.v1.Echo, echo-service HTTP 8080, plaintext HTTP/2).",
                "Unary: --connections workers, each with up to --in-flight Upper calls outstanding, multiplexed over",
                "a pool of --connections HTTP/2 connections. --streaming: --connections bidirectional UpperStream",
                "calls, each with up to --in-flight requests outstanding, replies in order. Every reply is checked."})
public class EchoGrpcCommand extends EchoScenarioCommand {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Echo service host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "gRPC port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-c", "--connections"}, defaultValue = "16", description = "Workers (unary) or streams (--streaming) (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--in-flight", defaultValue = "1", description = "Calls (or stream messages) outstanding per worker (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--text-size", defaultValue = "32", description = "Characters of the request text (default: ${DEFAULT-VALUE}).")
    int textSize;

    @Option(names = "--streaming", description = "Use the bidirectional UpperStream call instead of unary Upper.")
    boolean streaming;

    @Override
    protected void validate() {
        positive("--port", port);
        positive("--connections", connections);
        positive("--in-flight", inFlight);
        positive("--text-size", textSize);
    }

    @Override
    protected Scenario scenario() {
        resolvable(host);
        return new EchoGrpcScenario(vertx, host, port, connections, inFlight, textSize, streaming, run.seed,
                run.connectTimeoutMillis());
    }
}
