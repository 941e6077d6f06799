package lab.onion.relay.socks;

import lab.onion.directory.v1.Consensus;
import lab.onion.relay.circuit.EchoServer;
import lab.onion.relay.directory.TestNetwork;
import lab.onion.relay.link.NettyTransport;
import lab.onion.relay.proxy.CircuitManager;
import lab.onion.relay.node.OnionProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The onion proxy end to end in one JVM on loopback: three relays (guard, middle, exit), a test
 * directory serving a consensus signed here, the proxy's SOCKS port, and a local echo server;
 * plain SOCKS5 clients check every byte, isolation, refusals and malformed requests.
 */
class OnionProxyNetworkTest {

    private static TestNetwork network;
    private static EchoServer echo;
    private static OnionProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        network = new TestNetwork();
        echo = network.echo;
        proxy = new OnionProxy(NettyTransport.of(network.group.next(), false), new OnionProxy.Settings(
                network.directoryUrl(), Optional.of(network.directoryKeyBase64()), Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(30), "127.0.0.1", 0, 2, Duration.ofMinutes(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
        await(() -> proxy.consensus().current() != null, "the consensus verified");
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        network.close();
    }

    private static int socksPort() {
        return proxy.socks().port();
    }

    @Test
    void manyConcurrentStreamsCarryEveryByteByAddressAndByName() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                results.add(pool.submit((Callable<Void>) () -> {
                    Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socksPort()));
                    try (Socket socket = new Socket(socks)) {
                        socket.setSoTimeout(30_000);
                        InetSocketAddress target = switch (n % 3) {
                            case 0 -> new InetSocketAddress("127.0.0.1", echo.port()); // IPv4
                            case 1 -> InetSocketAddress.createUnresolved("localhost", echo.port()); // name
                            default -> InetSocketAddress.createUnresolved("127.0.0.1", echo.port());
                        };
                        socket.connect(target, 20_000);
                        echoCheck(socket, 100_000 + n * 7919, n, pool);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes {@code size} random bytes from another thread while reading the echo, and compares. */
    static void echoCheck(Socket socket, int size, long seed, ExecutorService pool) throws Exception {
        byte[] sent = new byte[size];
        new Random(seed).nextBytes(sent);
        OutputStream out = socket.getOutputStream();
        Future<?> writer = pool.submit((Callable<Void>) () -> {
            for (int at = 0; at < sent.length; at += 8192) {
                out.write(sent, at, Math.min(8192, sent.length - at));
            }
            out.flush();
            return null;
        });
        byte[] received = new byte[size];
        new DataInputStream(socket.getInputStream()).readFully(received);
        writer.get(30, TimeUnit.SECONDS);
        assertArrayEquals(sent, received);
    }

    @Test
    void usernamesIsolateStreamsOnSeparateCircuits() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Socket alice = Socks5TestClient.open(socksPort()); Socket bob = Socks5TestClient.open(socksPort());
             Socket alice2 = Socks5TestClient.open(socksPort())) {
            assertEquals(0, Socks5TestClient.connect(alice, "alice", "127.0.0.1", echo.port()));
            assertEquals(0, Socks5TestClient.connect(bob, "bob", "127.0.0.1", echo.port()));
            assertEquals(0, Socks5TestClient.connect(alice2, "alice", "localhost", echo.port()));
            echoCheck(alice, 5000, 1, pool);
            echoCheck(bob, 5000, 2, pool);
            echoCheck(alice2, 5000, 3, pool);
            List<CircuitManager.CircuitStatus> circuits = proxy.circuits().status().get(5, TimeUnit.SECONDS);
            CircuitManager.CircuitStatus a = circuits.stream().filter(c -> "alice".equals(c.isolationKey()))
                    .findFirst().orElseThrow();
            CircuitManager.CircuitStatus b = circuits.stream().filter(c -> "bob".equals(c.isolationKey()))
                    .findFirst().orElseThrow();
            assertNotEquals(a.id(), b.id());
            assertEquals(2, a.streamsOpen(), "alice's two streams share her circuit");
            assertEquals(1, b.streamsOpen());
            assertEquals(List.of("guard1", "middle1", "exit1"), a.hops());
            assertTrue(a.bytesSent() >= 10_000 && a.bytesReceived() >= 10_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusalsGetTheirSocksReplies() throws Exception {
        try (Socket socket = Socks5TestClient.open(socksPort())) {
            // no exit in the consensus accepts it
            assertEquals(0x02, Socks5TestClient.connect(socket, null, "127.0.0.1", 9));
        }
        try (Socket socket = Socks5TestClient.open(socksPort())) {
            // the consensus says yes, the exit's policy says END EXITPOLICY
            assertEquals(0x02, Socks5TestClient.connect(socket, null, "127.0.0.1", network.unlistedPort));
        }
        try (Socket socket = Socks5TestClient.open(socksPort())) {
            assertEquals(0x05, Socks5TestClient.connect(socket, null, "127.0.0.1", network.closedPort));
        }
    }

    @Test
    void malformedRequestsGetTheRightAnswerAndHarmNoOtherClient() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Socket good = Socks5TestClient.open(socksPort())) {
            assertEquals(0, Socks5TestClient.connect(good, null, "127.0.0.1", echo.port()));
            try (Socket v4 = Socks5TestClient.open(socksPort())) {
                v4.getOutputStream().write(new byte[]{4, 1, 0, 80, 127, 0, 0, 1, 0});
                assertEquals(-1, v4.getInputStream().read(), "SOCKS4: closed without an answer");
            }
            try (Socket bind = Socks5TestClient.open(socksPort())) {
                assertEquals(0x07, command(bind, new byte[]{5, 2, 0, 1, 127, 0, 0, 1, 0, 80}));
            }
            try (Socket badType = Socks5TestClient.open(socksPort())) {
                assertEquals(0x08, command(badType, new byte[]{5, 1, 0, 9, 127, 0, 0, 1, 0, 80}));
            }
            try (Socket ipv6 = Socks5TestClient.open(socksPort())) {
                byte[] request = new byte[22];
                request[0] = 5;
                request[1] = 1;
                request[3] = 4;
                request[19] = 1;
                request[21] = 80;
                assertEquals(0x08, command(ipv6, request));
            }
            echoCheck(good, 20_000, 9, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int command(Socket socket, byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(new byte[]{5, 1, 0});
        assertEquals(5, in.read());
        assertEquals(0, in.read());
        out.write(request);
        return Socks5TestClient.readReply(new DataInputStream(in));
    }

    @Test
    void aConsensusSignedByAnotherKeyIsRefused() throws Exception {
        Consensus forged = network.consensus.toBuilder().setVersion(network.consensus.getVersion() + 100).build();
        network.directory.publish(TestNetwork.sign(forged, TestNetwork.newSecret()));
        Thread.sleep(300);
        assertEquals(7, proxy.consensus().current().version());
        network.directory.publish(TestNetwork.sign(network.consensus, network.directorySecret));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
