package lab.onion.relay.node;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.circuit.OnionClient;
import lab.onion.relay.circuit.OnionRouter;
import lab.onion.relay.config.RelayConfig;
import lab.onion.relay.crypto.RelayKeyFiles;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.exit.AddressGuard;
import lab.onion.relay.exit.ExitPolicy;
import lab.onion.relay.link.NettyTransport;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts this process's role on Quarkus's own Vert.x event loops: as a relay, the onion router
 * on the link port (one event loop for all its links and circuits); as the proxy, the client
 * circuit layer. Every piece below is plain Netty and JDK code, tested without Quarkus.
 */
@ApplicationScoped
public class RelayNode {

    private static final Logger LOG = Logger.getLogger(RelayNode.class);

    private final Vertx vertx;
    private final RelayConfig config;
    private volatile RelayKeys keys;
    private volatile OnionRouter router;
    private volatile OnionClient client;
    private ExecutorService resolver;

    RelayNode(Vertx vertx, RelayConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        NettyTransport transport = NettyTransport.of(vertx.nettyEventLoopGroup().next(),
                vertx.isNativeTransportEnabled());
        if (config.role() == RelayConfig.Role.PROXY) {
            client = new OnionClient(transport, config.connectTimeout(), config.circuitBuildTimeout());
            LOG.infof("onion proxy %s started (%s transport); SOCKS is not served yet", config.nickname(),
                    transport.channelType().getSimpleName());
            return;
        }
        keys = RelayKeyFiles.loadOrCreate(config.keyDirectory(), new SecureRandom());
        boolean exit = config.flags().contains(RelayConfig.Flag.EXIT);
        ExitPolicy policy = exit ? ExitPolicy.parse(config.exitPolicy(), AddressGuard.forThisHost()) : null;
        resolver = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "exit-resolver");
            thread.setDaemon(true);
            return thread;
        });
        router = new OnionRouter(keys, transport, policy, resolver, config.connectTimeout());
        router.start(config.link().host(), config.link().port());
        LOG.infof("relay %s listening for links on %s:%d (%s transport), node ID %s, flags %s, exit policy %s",
                config.nickname(), config.link().host(), router.linkPort(),
                vertx.isNativeTransportEnabled() ? "epoll" : "nio", Hex.of(keys.nodeId()), config.flags(),
                exit ? policy : "none (not an exit)");
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (router != null) {
            router.stop();
        }
        if (client != null) {
            client.close();
        }
        if (resolver != null) {
            resolver.shutdownNow();
        }
    }

    public RelayConfig config() {
        return config;
    }

    /** The relay's keys, or null in the proxy role. */
    public RelayKeys keys() {
        return keys;
    }

    /** The onion router, or null in the proxy role. */
    public OnionRouter router() {
        return router;
    }

    /** The client circuit layer, or null in the relay role. */
    public OnionClient client() {
        return client;
    }
}
