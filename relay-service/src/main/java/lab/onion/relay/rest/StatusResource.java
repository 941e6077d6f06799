package lab.onion.relay.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.circuit.OnionRouter;
import lab.onion.relay.config.RelayConfig;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.node.RelayNode;

import java.util.List;
import java.util.Set;

/** {@code GET /status}: who this node is (keys as hex) and what it carries now. */
@Path("/status")
public class StatusResource {

    private final RelayNode node;

    StatusResource(RelayNode node) {
        this.node = node;
    }

    /**
     * @param nodeId      SHA-1 of the Ed25519 identity key (ntor's ID, EXTEND2's legacy identity)
     * @param identityKey the Ed25519 identity public key
     * @param onionKey    the curve25519 ntor onion key
     */
    public record Status(String role, String nickname, String nodeId, String identityKey, String onionKey,
                         Integer linkPort, Set<RelayConfig.Flag> flags, List<String> exitPolicy, int circuits,
                         int links) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Status status() {
        RelayConfig config = node.config();
        RelayKeys keys = node.keys();
        OnionRouter router = node.router();
        if (router == null) {
            return new Status("proxy", config.nickname(), null, null, null, null, Set.of(), List.of(), 0,
                    node.client() != null ? node.client().linkCount() : 0);
        }
        boolean exit = config.flags().contains(RelayConfig.Flag.EXIT);
        return new Status("relay", config.nickname(), Hex.of(keys.nodeId()), Hex.of(keys.identityKey()),
                Hex.of(keys.onionKey()), router.linkPort(), config.flags(),
                exit ? config.exitPolicy() : List.of("reject *:*"), router.circuitCount(), router.linkCount());
    }
}
