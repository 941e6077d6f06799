package lab.onion.relay.node;

import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.relay.circuit.OnionRouter;
import lab.onion.relay.directory.DirectoryRegistrar;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the role is up: a relay while its link port listens and (with a directory) it is
 * registered; the proxy once a consensus verified and the SOCKS port listens.
 */
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
            var consensus = node.consensus() != null ? node.consensus().current() : null;
            var response = HealthCheckResponse.named("onion-proxy")
                    .status(consensus != null && node.socks() != null && node.socks().isListening());
            if (consensus != null) {
                response.withData("consensus", consensus.version()).withData("relays", consensus.relays().size());
            }
            return response.build();
        }
        boolean listening = router.isListening();
        DirectoryRegistrar registrar = node.registrar();
        boolean registered = registrar == null || registrar.registered();
        var response = HealthCheckResponse.named("relay-link").status(listening && registered);
        if (listening) {
            response.withData("port", router.linkPort()).withData("circuits", router.circuitCount());
        }
        response.withData("registered", registrar == null ? "no directory configured" : String.valueOf(registered));
        return response.build();
    }
}
