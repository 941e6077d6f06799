package lab.onion.relay.circuit;

import io.netty.channel.nio.NioEventLoopGroup;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.directory.RelayInfo;
import lab.onion.relay.exit.AddressGuard;
import lab.onion.relay.exit.ExitPolicy;
import lab.onion.relay.link.NettyTransport;
import lab.onion.relay.stream.OnionStream;
import lab.onion.relay.stream.StreamListener;
import lab.onion.relay.stream.StreamRefusedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three relays and a client in one JVM, on loopback ports, each on its own event loop; data
 * through a three-hop circuit to a local echo server and back, checked byte for byte.
 */
class OnionNetworkTest {

    private static NioEventLoopGroup group;
    private static ExecutorService resolver;
    private static EchoServer echo;
    private static int closedPort;

    private final List<OnionRouter> relays = new ArrayList<>();
    private final List<RelayInfo> path = new ArrayList<>();
    private OnionClient client;

    @BeforeAll
    static void startShared() throws Exception {
        group = new NioEventLoopGroup(4);
        resolver = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "exit-resolver");
            thread.setDaemon(true);
            return thread;
        });
        echo = new EchoServer();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopShared() throws Exception {
        echo.close();
        resolver.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void startNetwork() {
        ExitPolicy policy = ExitPolicy.parse(List.of("accept 127.0.0.1:" + echo.port(),
                "accept 127.0.0.1:" + closedPort, "reject *:*"), AddressGuard.forThisHost());
        for (int i = 1; i <= 3; i++) {
            RelayKeys keys = RelayKeys.generate(new java.security.SecureRandom());
            OnionRouter relay = new OnionRouter(keys, NettyTransport.of(group.next(), false), policy, resolver,
                    Duration.ofSeconds(5));
            relay.start("127.0.0.1", 0);
            relays.add(relay);
            path.add(new RelayInfo("relay" + i, new InetSocketAddress("127.0.0.1", relay.linkPort()),
                    keys.identityKey(), keys.onionKey()));
        }
        client = new OnionClient(NettyTransport.of(group.next(), false), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @AfterEach
    void stopNetwork() {
        client.close();
        relays.forEach(OnionRouter::stop);
    }

    @Test
    void buildsAThreeHopCircuitAndADestroyTravelsItsWholeLength() throws Exception {
        OriginCircuit circuit = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        assertEquals(3, circuit.hops());
        for (OnionRouter relay : relays) {
            assertEquals(1, relay.circuitCount());
        }
        circuit.destroy();
        circuit.closedFuture().get(5, TimeUnit.SECONDS);
        await(() -> relays.stream().allMatch(r -> r.circuitCount() == 0), "every relay drops the circuit");
    }

    /** Each relay reports its CREATE2 work, the client each hop and the build; the spans nest. */
    @Test
    void aBuildReportsWhereItsTimeWent() throws Exception {
        List<List<Long>> create2 = new ArrayList<>();
        for (OnionRouter relay : relays) {
            List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
            create2.add(times);
            relay.measure(new BuildTimes() {
                @Override
                public void create2Answered(long nanos) {
                    times.add(nanos);
                }
            });
        }
        long[] hops = new long[4];
        List<Long> builds = java.util.Collections.synchronizedList(new ArrayList<>());
        client.measure(new BuildTimes() {
            @Override
            public void hopCompleted(int hop, long nanos) {
                hops[hop] += nanos;
            }

            @Override
            public void circuitBuilt(long nanos) {
                builds.add(nanos);
            }
        });
        long started = System.nanoTime();
        client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - started;

        assertEquals(1, builds.size());
        long build = builds.get(0);
        assertTrue(build > 0 && build <= elapsed, "build " + build + " within the " + elapsed + " ns waited");
        assertTrue(hops[1] + hops[2] + hops[3] <= build, "the hops come one after another within the build");
        for (int hop = 1; hop <= 3; hop++) {
            assertEquals(1, create2.get(hop - 1).size(), "relay " + hop + " answered one CREATE2");
            long relayWork = create2.get(hop - 1).get(0);
            assertTrue(relayWork > 0 && relayWork < hops[hop],
                    "hop " + hop + " (" + hops[hop] + " ns) includes its relay's CREATE2 (" + relayWork + " ns)");
        }
    }

    @Test
    void carriesAMegabyteToTheEchoServerAndBackByteForByte() throws Exception {
        OriginCircuit circuit = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        byte[] sent = new byte[1 << 20]; // ~2100 DATA cells: past the circuit window of 1000, both ways
        new Random(42).nextBytes(sent);
        Collector received = new Collector(sent.length);
        OnionStream stream = circuit.openStream("127.0.0.1", echo.port(), received).get(10, TimeUnit.SECONDS);
        for (int at = 0; at < sent.length; at += 10_000) {
            stream.write(java.util.Arrays.copyOfRange(sent, at, Math.min(sent.length, at + 10_000)));
        }
        assertArrayEquals(sent, received.await(60));
        stream.close();
        circuit.destroy();
    }

    @Test
    void carriesFourStreamsAtOnceOnOneCircuit() throws Exception {
        OriginCircuit circuit = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        List<byte[]> sent = new ArrayList<>();
        List<Collector> received = new ArrayList<>();
        List<OnionStream> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] data = new byte[300_000];
            new Random(i).nextBytes(data);
            Collector collector = new Collector(data.length);
            sent.add(data);
            received.add(collector);
            streams.add(circuit.openStream("127.0.0.1", echo.port(), collector).get(10, TimeUnit.SECONDS));
        }
        for (int i = 0; i < 4; i++) {
            streams.get(i).write(sent.get(i));
        }
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(sent.get(i), received.get(i).await(60), "stream " + i);
        }
        circuit.destroy();
    }

    @Test
    void theExitRefusesWhatItsPolicyDoesNotAccept() throws Exception {
        OriginCircuit circuit = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        for (String host : List.of("127.0.0.1", "localhost", "echo-service")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> circuit.openStream(host, echo.port() == 9 ? 10 : 9, new Collector(0)).get(10, TimeUnit.SECONDS));
            assertEquals(EndReason.EXITPOLICY, assertInstanceOf(StreamRefusedException.class, e.getCause()).reason());
        }
        // The circuit survives a refused stream.
        assertTrue(circuit.openStream("127.0.0.1", echo.port(), new Collector(0)).get(10, TimeUnit.SECONDS) != null);
        circuit.destroy();
    }

    @Test
    void aClosedPortIsConnectRefused() throws Exception {
        OriginCircuit circuit = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> circuit.openStream("127.0.0.1", closedPort, new Collector(0)).get(10, TimeUnit.SECONDS));
        assertEquals(EndReason.CONNECTREFUSED, assertInstanceOf(StreamRefusedException.class, e.getCause()).reason());
        circuit.destroy();
    }

    @Test
    void circuitsThroughTheSameRelaysShareTheirLinks() throws Exception {
        OriginCircuit first = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        OriginCircuit second = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        assertEquals(1, client.linkCount());
        assertEquals(2, relays.get(0).linkCount()); // from the client, to relay 2
        assertEquals(2, relays.get(1).linkCount()); // from relay 1, to relay 3
        assertEquals(2, relays.get(2).circuitCount());
        first.destroy();
        second.destroy();
    }

    @Test
    void whenTheExitGoesAwayTheCircuitClosesBackToTheClient() throws Exception {
        OriginCircuit circuit = client.buildCircuit(path).get(10, TimeUnit.SECONDS);
        Collector received = new Collector(0);
        circuit.openStream("127.0.0.1", echo.port(), received).get(10, TimeUnit.SECONDS);
        relays.get(2).stop();
        assertTrue(circuit.closedFuture().get(5, TimeUnit.SECONDS).contains("DESTROY"));
        assertEquals(EndReason.DESTROY, received.end.get(5, TimeUnit.SECONDS));
        await(() -> relays.get(0).circuitCount() == 0 && relays.get(1).circuitCount() == 0, "relays drop it");
    }

    @Test
    void anUnreachableNextHopFailsTheBuildWithItsHopCount() throws Exception {
        List<RelayInfo> broken = new ArrayList<>(path.subList(0, 2));
        RelayInfo third = path.get(2);
        broken.add(new RelayInfo("gone", new InetSocketAddress("127.0.0.1", closedPort), third.identityKey(),
                third.onionKey()));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.buildCircuit(broken).get(10, TimeUnit.SECONDS));
        assertInstanceOf(CircuitFailedException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("after 2 of 3 hops"), e.getCause().getMessage());
    }

    @Test
    void aWrongOnionKeyFailsTheHandshake() throws Exception {
        RelayInfo guard = path.get(0);
        RelayInfo impostor = new RelayInfo("impostor", guard.linkAddress(), guard.identityKey(),
                RelayKeys.generate(new java.security.SecureRandom()).onionKey());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.buildCircuit(List.of(impostor)).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("DESTROY PROTOCOL(1)"), e.getCause().getMessage());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Gathers a stream's bytes (on the client's loop) until the expected count arrived. */
    static final class Collector implements StreamListener {
        private final int expected;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final CompletableFuture<EndReason> end = new CompletableFuture<>();

        Collector(int expected) {
            this.expected = expected;
        }

        @Override
        public void onData(byte[] data) {
            bytes.writeBytes(data);
            if (bytes.size() >= expected) {
                done.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onEnd(EndReason reason) {
            end.complete(reason);
            done.complete(bytes.toByteArray());
        }

        byte[] await(int seconds) throws Exception {
            return done.get(seconds, TimeUnit.SECONDS);
        }
    }
}
