package lab.onion.relay.socks;

import lab.onion.relay.directory.TestNetwork;
import lab.onion.relay.link.NettyTransport;
import lab.onion.relay.proxy.CircuitManager;
import lab.onion.relay.node.OnionProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Circuits that die are dropped and replaced; circuits past their lifetime take no new streams. */
class CircuitLifecycleTest {

    private TestNetwork network;
    private OnionProxy proxy;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    void start(Duration lifetime) throws Exception {
        network = new TestNetwork();
        proxy = new OnionProxy(NettyTransport.of(network.group.next(), false), new OnionProxy.Settings(
                network.directoryUrl(), Optional.of(network.directoryKeyBase64()), Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(30), "127.0.0.1", 0, 0, lifetime,
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
        OnionProxyNetworkTest.await(() -> proxy.consensus().current() != null, "the consensus verified");
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        proxy.close();
        network.close();
    }

    /** Opens a SOCKS stream as "user", checks an echo, returns the ID of the circuit that carried it. */
    private int streamOnce() throws Exception {
        try (Socket socket = Socks5TestClient.open(proxy.socks().port())) {
            assertEquals(0, Socks5TestClient.connect(socket, "user", "127.0.0.1", network.echo.port()));
            OnionProxyNetworkTest.echoCheck(socket, 3000, 5, pool);
            List<CircuitManager.CircuitStatus> circuits = proxy.circuits().status().get(5, TimeUnit.SECONDS);
            return circuits.stream().filter(c -> c.streamsOpen() == 1).findFirst().orElseThrow().id();
        }
    }

    @Test
    void aDeadCircuitIsDroppedAndTheNextStreamGetsANewOne() throws Exception {
        start(Duration.ofMinutes(10));
        int first = streamOnce();
        assertEquals(first, streamOnce(), "reused while alive");
        network.restartMiddle();
        OnionProxyNetworkTest.await(() -> proxy.circuits().status().join().stream().noneMatch(c -> c.id() == first),
                "the dead circuit dropped");
        assertNotEquals(first, streamOnce());
    }

    @Test
    void aBuiltCircuitReportsItsBuildTimeInMicroseconds() throws Exception {
        start(Duration.ofMinutes(10));
        int id = streamOnce();
        CircuitManager.CircuitStatus status = proxy.circuits().status().get(5, TimeUnit.SECONDS).stream()
                .filter(c -> c.id() == id).findFirst().orElseThrow();
        Double millis = status.buildMillis();
        assertNotNull(millis, "built, so measured");
        assertTrue(millis > 0 && millis < 10_000, "buildMillis " + millis);
        assertEquals(Math.round(millis * 1e3), millis * 1e3, 1e-6, "microsecond precision: " + millis);
    }

    @Test
    void aCircuitPastItsLifetimeTakesNoNewStreams() throws Exception {
        start(Duration.ofMillis(700));
        int first = streamOnce();
        Thread.sleep(800);
        assertNotEquals(first, streamOnce());
    }
}
