package lab.onion.relay.directory;

import com.google.protobuf.ByteString;
import io.netty.channel.nio.NioEventLoopGroup;
import lab.onion.directory.v1.Consensus;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;
import lab.onion.directory.v1.SignedConsensus;
import lab.onion.relay.circuit.EchoServer;
import lab.onion.relay.circuit.OnionRouter;
import lab.onion.relay.crypto.Ed25519;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.exit.AddressGuard;
import lab.onion.relay.exit.ExitPolicy;
import lab.onion.relay.link.NettyTransport;

import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small onion network on loopback for proxy tests: relays guard1, middle1, exit1, a local echo
 * server, and a {@link TestDirectory} serving a consensus signed with a key made here. The exit's
 * real policy accepts the echo server (as 127.0.0.1 and localhost) and {@link #closedPort}; the
 * consensus also claims {@link #unlistedPort}, which the exit then refuses with END EXITPOLICY.
 */
public final class TestNetwork implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    public final NioEventLoopGroup group = new NioEventLoopGroup(4);
    public final EchoServer echo;
    public final int closedPort;
    public final int unlistedPort;
    public final List<OnionRouter> relays = new ArrayList<>();
    public final List<RelayKeys> relayKeys = new ArrayList<>();
    public final TestDirectory directory;
    public final byte[] directorySecret = Ed25519.generatePrivateKey(RANDOM);
    public final Consensus consensus;
    private final ExecutorService resolver = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "exit-resolver");
        thread.setDaemon(true);
        return thread;
    });

    public TestNetwork() throws Exception {
        echo = new EchoServer();
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            closedPort = a.getLocalPort();
            unlistedPort = b.getLocalPort();
        }
        List<String> exitRules = List.of("accept 127.0.0.1:" + echo.port(), "accept localhost:" + echo.port(),
                "accept 127.0.0.1:" + closedPort, "reject *:*");
        List<String> advertised = List.of("accept 127.0.0.1:" + echo.port(), "accept localhost:" + echo.port(),
                "accept 127.0.0.1:" + closedPort, "accept 127.0.0.1:" + unlistedPort, "reject *:*");
        Consensus.Builder builder = Consensus.newBuilder().setVersion(7)
                .setValidAfterUnixMs(System.currentTimeMillis())
                .setFreshUntilUnixMs(System.currentTimeMillis() + 300_000);
        String[] names = {"guard1", "middle1", "exit1"};
        for (int i = 0; i < 3; i++) {
            RelayKeys keys = RelayKeys.generate(RANDOM);
            boolean exit = i == 2;
            OnionRouter relay = new OnionRouter(keys, NettyTransport.of(group.next(), false),
                    exit ? ExitPolicy.parse(exitRules, AddressGuard.forThisHost()) : null, resolver,
                    Duration.ofSeconds(5));
            relay.start("127.0.0.1", 0);
            relays.add(relay);
            relayKeys.add(keys);
            RelayDescriptor.Builder d = RelayDescriptor.newBuilder().setNickname(names[i]).setAddress("127.0.0.1")
                    .setLinkPort(relay.linkPort()).setIdentityKey(ByteString.copyFrom(keys.identityKey()))
                    .setOnionKey(ByteString.copyFrom(keys.onionKey()))
                    .setPublishedUnixMs(System.currentTimeMillis());
            if (i == 0) {
                d.addFlags(RelayFlag.RELAY_FLAG_GUARD);
            }
            if (exit) {
                d.addFlags(RelayFlag.RELAY_FLAG_EXIT).addAllExitPolicy(advertised);
            }
            builder.addRelays(d);
        }
        consensus = builder.build();
        directory = new TestDirectory(0, 1000);
        directory.publish(sign(consensus, directorySecret));
    }

    /** Stops the middle relay (its circuits die) and starts it again with the same keys and port. */
    public void restartMiddle() {
        OnionRouter old = relays.get(1);
        int port = old.linkPort();
        old.stop();
        OnionRouter fresh = new OnionRouter(relayKeys.get(1), NettyTransport.of(group.next(), false), null, resolver,
                Duration.ofSeconds(5));
        fresh.start("127.0.0.1", port);
        relays.set(1, fresh);
    }

    public static SignedConsensus sign(Consensus c, byte[] secret) {
        return SignedConsensus.newBuilder().setConsensus(c)
                .setSignature(ByteString.copyFrom(Ed25519.sign(secret, SignedEncoding.consensusSigningBytes(c))))
                .build();
    }

    public static byte[] newSecret() {
        return Ed25519.generatePrivateKey(RANDOM);
    }

    public String directoryUrl() {
        return "127.0.0.1:" + directory.port();
    }

    public String directoryKeyBase64() {
        return Base64.getEncoder().encodeToString(Ed25519.publicKey(directorySecret));
    }

    @Override
    public void close() throws Exception {
        directory.close();
        relays.forEach(OnionRouter::stop);
        echo.close();
        resolver.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
