package lab.onion.relay.node;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.circuit.OnionClient;
import lab.onion.relay.circuit.OnionRouter;
import lab.onion.relay.config.RelayConfig;
import lab.onion.relay.crypto.RelayKeyFiles;
import lab.onion.relay.directory.ConsensusClient;
import lab.onion.relay.directory.DirectoryChannels;
import lab.onion.relay.directory.DirectoryRegistrar;
import lab.onion.relay.directory.RelayAddress;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.exit.AddressGuard;
import lab.onion.relay.exit.ExitPolicy;
import lab.onion.relay.link.NettyTransport;
import lab.onion.relay.proxy.CircuitManager;
import lab.onion.relay.socks.SocksServer;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts this process's role on Quarkus's own Vert.x event loops: as a relay, the onion router
 * on the link port (one event loop for all its links and circuits) and its registration with
 * the directory; as the proxy, {@link OnionProxy} (consensus, circuits, SOCKS port). Every piece
 * below is plain Netty, gRPC and JDK code, tested without Quarkus.
 */
@ApplicationScoped
public class RelayNode {

    private static final Logger LOG = Logger.getLogger(RelayNode.class);

    private final Vertx vertx;
    private final RelayConfig config;
    private final MeterRegistry registry;
    private volatile RelayKeys keys;
    private volatile OnionRouter router;
    private volatile OnionClient client;
    private ExecutorService resolver;
    private ManagedChannel directoryChannel;
    private ScheduledExecutorService directoryScheduler;
    private volatile DirectoryRegistrar registrar;
    private volatile OnionProxy proxy;
    private volatile ConsensusClient consensus;
    private volatile CircuitManager circuits;
    private volatile SocksServer socks;

    RelayNode(Vertx vertx, RelayConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent startup) {
        NettyTransport transport = NettyTransport.of(vertx.nettyEventLoopGroup().next(),
                vertx.isNativeTransportEnabled());
        if (config.role() == RelayConfig.Role.PROXY) {
            startProxy(transport);
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
        router.measure(MicrometerBuildTimes.forRelay(registry));
        router.start(config.link().host(), config.link().port());
        LOG.infof("relay %s listening for links on %s:%d (%s transport), node ID %s, flags %s, exit policy %s",
                config.nickname(), config.link().host(), router.linkPort(),
                vertx.isNativeTransportEnabled() ? "epoll" : "nio", Hex.of(keys.nodeId()), config.flags(),
                exit ? policy : "none (not an exit)");
        startRegistration(exit);
    }

    private void startProxy(NettyTransport transport) {
        String url = config.directory().url().filter(u -> !u.isBlank()).orElseThrow(() ->
                new IllegalStateException("relay.directory.url (RELAY_DIRECTORY_URL) must be set for the proxy role, "
                        + "e.g. directory-service:8080"));
        proxy = new OnionProxy(transport, new OnionProxy.Settings(url, config.directory().publicKey(),
                config.directory().retryInitial(), config.directory().retryMax(), config.directory().pollInterval(),
                config.socks().host(), config.socks().port(), config.proxy().preemptiveCircuits(),
                config.proxy().circuitLifetime(), config.connectTimeout(), config.circuitBuildTimeout()));
        client = proxy.client();
        client.measure(MicrometerBuildTimes.forProxy(registry));
        consensus = proxy.consensus();
        circuits = proxy.circuits();
        socks = proxy.socks();
        LOG.infof("onion proxy %s: SOCKS5 on %s:%d, directory %s (key %s), %d preemptive circuits, lifetime %s",
                config.nickname(), config.socks().host(), socks.port(), url,
                consensus.directoryKey() != null ? "pinned" : "fetched on first use",
                config.proxy().preemptiveCircuits(), config.proxy().circuitLifetime());
    }

    private static ScheduledExecutorService newDirectoryScheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "directory");
            thread.setDaemon(true);
            return thread;
        });
    }

    private void startRegistration(boolean exit) {
        if (config.directory().url().isEmpty()) {
            LOG.warnf("relay.directory.url unset: relay %s does not register with a directory", config.nickname());
            return;
        }
        String url = config.directory().url().get();
        String address = RelayAddress.resolve(config.address(), url);
        List<String> rules = exit ? config.exitPolicy().stream().map(String::trim).filter(r -> !r.isEmpty()).toList()
                : List.of();
        RelayDescriptor.Builder template = RelayDescriptor.newBuilder().setNickname(config.nickname())
                .setAddress(address).setLinkPort(router.linkPort())
                .setIdentityKey(ByteString.copyFrom(keys.identityKey()))
                .setOnionKey(ByteString.copyFrom(keys.onionKey())).addAllExitPolicy(rules);
        if (config.flags().contains(RelayConfig.Flag.GUARD)) {
            template.addFlags(RelayFlag.RELAY_FLAG_GUARD);
        }
        if (exit) {
            template.addFlags(RelayFlag.RELAY_FLAG_EXIT);
        }
        directoryChannel = DirectoryChannels.open(url);
        directoryScheduler = newDirectoryScheduler();
        registrar = new DirectoryRegistrar(directoryChannel, DirectoryChannels.hostPort(url), keys, template::clone,
                config.directory().retryInitial(), config.directory().retryMax(), directoryScheduler,
                System::currentTimeMillis);
        registrar.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (registrar != null) {
            registrar.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (directoryScheduler != null) {
            directoryScheduler.shutdownNow();
        }
        if (directoryChannel != null) {
            directoryChannel.shutdownNow();
        }
        if (router != null) {
            router.stop();
        }
        if (client != null && proxy == null) {
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

    /** The relay's registration with the directory, or null (proxy role, or no directory configured). */
    public DirectoryRegistrar registrar() {
        return registrar;
    }

    /** The proxy's consensus client, or null in the relay role. */
    public ConsensusClient consensus() {
        return consensus;
    }

    /** The proxy's circuit manager, or null in the relay role. */
    public CircuitManager circuits() {
        return circuits;
    }

    /** The proxy's SOCKS port, or null in the relay role. */
    public SocksServer socks() {
        return socks;
    }

    /** The client circuit layer, or null in the relay role. */
    public OnionClient client() {
        return client;
    }
}
