package lab.onion.echo.health;

import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.echo.tcp.EchoTcpMetrics;
import lab.onion.echo.tcp.EchoTcpServer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the TCP line protocol is listening: HTTP alone is not the lecture's server. */
@Readiness
@ApplicationScoped
public class EchoTcpHealthCheck implements HealthCheck {

    private final EchoTcpServer server;
    private final EchoTcpMetrics metrics;

    EchoTcpHealthCheck(EchoTcpServer server, EchoTcpMetrics metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        boolean listening = server.isListening();
        var response = HealthCheckResponse.named("echo-tcp").status(listening);
        if (listening) {
            response.withData("port", server.port()).withData("connections", metrics.openConnections());
        }
        return response.build();
    }
}
