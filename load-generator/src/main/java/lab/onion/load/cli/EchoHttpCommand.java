package lab.onion.load.cli;

import lab.onion.load.scenario.EchoHttpScenario;
import lab.onion.load.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "echo-http", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load on the echo service's HTTP API: GET /upper?text=... (echo-service HTTP 8080).",
                "A Vert.x HTTP/1.1 client with a pool of --connections keep-alive connections, no pipelining:",
                "one request per connection at a time. Every reply must be 200 with the uppercased text."})
public class EchoHttpCommand extends EchoScenarioCommand {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Echo service host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Echo HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-c", "--connections"}, defaultValue = "16", description = "HTTP connections, one request on each at a time (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--text-size", defaultValue = "32", description = "Characters of the text parameter (default: ${DEFAULT-VALUE}).")
    int textSize;

    @Override
    protected void validate() {
        positive("--port", port);
        positive("--connections", connections);
        positive("--text-size", textSize);
    }

    @Override
    protected Scenario scenario() {
        resolvable(host);
        return new EchoHttpScenario(vertx, host, port, connections, textSize, run.seed, run.connectTimeoutMillis());
    }
}
