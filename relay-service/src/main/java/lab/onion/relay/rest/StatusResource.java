package lab.onion.relay.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.circuit.OnionRouter;
import lab.onion.relay.config.RelayConfig;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.directory.ConsensusRelay;
import lab.onion.relay.directory.DirectoryRegistrar;
import lab.onion.relay.directory.VerifiedConsensus;
import lab.onion.relay.proxy.CircuitManager;
import lab.onion.relay.node.RelayNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code GET /status}: who this node is (keys as hex) and what it carries now; the proxy's {@code POST /new-identity}. */
@Path("/")
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
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String role, String nickname, String nodeId, String identityKey, String onionKey,
                         Integer linkPort, Set<RelayConfig.Flag> flags, List<String> exitPolicy, int circuits,
                         int links, Boolean registered, Long consensusVersion, Proxy proxy) {
    }

    /**
     * The proxy's view: the verified consensus (version, directory key, relays by nickname) and
     * its circuits with hops by nickname, age, streams and bytes each way.
     */
    public record Proxy(Integer socksPort, String directoryKey, List<String> consensusRelays,
                        List<CircuitManager.CircuitStatus> circuits) {
    }

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Status status() throws Exception {
        RelayConfig config = node.config();
        RelayKeys keys = node.keys();
        OnionRouter router = node.router();
        if (router == null) {
            VerifiedConsensus consensus = node.consensus() != null ? node.consensus().current() : null;
            List<CircuitManager.CircuitStatus> circuits = node.circuits() != null
                    ? node.circuits().status().get(5, TimeUnit.SECONDS) : List.of();
            Proxy proxy = new Proxy(node.socks() != null ? node.socks().port() : null,
                    node.consensus() != null ? node.consensus().directoryKey() : null,
                    consensus != null ? consensus.relays().stream().map(ConsensusRelay::nickname).toList() : List.of(),
                    circuits);
            return new Status("proxy", config.nickname(), null, null, null, null, Set.of(), List.of(),
                    circuits.size(), node.client() != null ? node.client().linkCount() : 0, null,
                    consensus != null ? consensus.version() : null, proxy);
        }
        boolean exit = config.flags().contains(RelayConfig.Flag.EXIT);
        DirectoryRegistrar registrar = node.registrar();
        return new Status("relay", config.nickname(), Hex.of(keys.nodeId()), Hex.of(keys.identityKey()),
                Hex.of(keys.onionKey()), router.linkPort(), config.flags(),
                exit ? config.exitPolicy() : List.of("reject *:*"), router.circuitCount(), router.linkCount(),
                registrar != null && registrar.registered(),
                registrar != null && registrar.consensusVersion() > 0 ? registrar.consensusVersion() : null, null);
    }

    /** Proxy: drops every circuit; new streams get new circuits (Tor's NEWNYM). */
    @POST
    @Path("/new-identity")
    @Produces(MediaType.APPLICATION_JSON)
    public Response newIdentity() throws Exception {
        if (node.circuits() == null) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(Map.of("error", "not an onion proxy (relay.role=proxy)")).build();
        }
        int dropped = node.circuits().newIdentity().get(5, TimeUnit.SECONDS);
        return Response.ok(Map.of("circuitsDropped", dropped)).build();
    }
}
