package lab.onion.load.cli;

import lab.onion.load.scenario.EchoTcpScenario;
import lab.onion.load.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;

@Command(name = "echo-tcp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load on the echo line protocol (echo-service TCP 8081).",
                "Opens --connections connections; each keeps up to --in-flight lines pipelined. Every line is",
                "--line-size random lowercase characters and a newline, and every reply is checked byte for",
                "byte against the uppercased line. Latency: from a line's send (closed loop) or its intended",
                "send time (--rate) to the end of its reply."})
public class EchoTcpCommand extends EchoScenarioCommand {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Echo service host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8081", description = "Echo TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-c", "--connections"}, defaultValue = "16", description = "TCP connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--in-flight", defaultValue = "1",
            description = "Lines outstanding per connection, pipelined (default: ${DEFAULT-VALUE}). With --rate, the most a connection may have outstanding; due lines beyond it wait and their latency keeps counting.")
    int inFlight;

    @Option(names = "--line-size", defaultValue = "32", description = "Characters per line, without the newline (default: ${DEFAULT-VALUE}).")
    int lineSize;

    @Override
    protected void validate() {
        positive("--port", port);
        positive("--connections", connections);
        positive("--in-flight", inFlight);
        positive("--line-size", lineSize);
    }

    @Override
    protected Scenario scenario() {
        resolvable(host);
        return new EchoTcpScenario(vertx, new InetSocketAddress(host, port), connections, inFlight, lineSize,
                run.seed, run.connectTimeoutMillis());
    }
}
