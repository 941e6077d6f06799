package lab.onion.relay.node;

import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.relay.circuit.OnionRouter;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the role is up: a relay only while its link port listens. */
@Readiness
@ApplicationScoped
public class RelayHealthCheck implements HealthCheck {

    private final RelayNode node;

    RelayHealthCheck(RelayNode node) {
        this.node = node;
    }

    @Override
    public HealthCheckResponse call() {
        OnionRouter router = node.router();
        if (router == null) {
            return HealthCheckResponse.named("onion-proxy").status(node.client() != null).build();
        }
        boolean listening = router.isListening();
        var response = HealthCheckResponse.named("relay-link").status(listening);
        if (listening) {
            response.withData("port", router.linkPort()).withData("circuits", router.circuitCount());
        }
        return response.build();
    }
}
