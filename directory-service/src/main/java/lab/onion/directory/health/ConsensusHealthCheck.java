package lab.onion.directory.health;

import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.directory.consensus.Consensus;
import lab.onion.directory.consensus.ConsensusAuthority;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the current consensus is fresh: a directory serving a stale one is of no use to clients. */
@Readiness
@ApplicationScoped
public class ConsensusHealthCheck implements HealthCheck {

    private final ConsensusAuthority authority;

    ConsensusHealthCheck(ConsensusAuthority authority) {
        this.authority = authority;
    }

    @Override
    public HealthCheckResponse call() {
        Consensus consensus = authority.current().consensus();
        return HealthCheckResponse.named("consensus")
                .status(System.currentTimeMillis() < consensus.freshUntilUnixMs())
                .withData("version", consensus.version())
                .withData("relays", consensus.relays().size())
                .withData("freshUntilUnixMs", consensus.freshUntilUnixMs())
                .withData("watchers", authority.watcherCount())
                .build();
    }
}
