package lab.onion.relay.directory;

import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The proxy's consensus client: trust on first use of {@code GET /keys}, and a pinned key that does not match. */
class ConsensusClientTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private TestNetwork network;
    private HttpServer http;
    private ManagedChannel channel;
    private ConsensusClient client;

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        if (client != null) {
            client.close();
            channel.shutdownNow();
            network.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void fetchesTheKeyOnFirstUseAfterRetriesThenVerifies() throws Exception {
        network = new TestNetwork();
        AtomicInteger asked = new AtomicInteger();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/keys", exchange -> {
            boolean first = asked.incrementAndGet() == 1; // the first answer is an error: retried
            byte[] body = (first ? "oops" : "{\"algorithm\":\"Ed25519\",\"publicKey\":\"" + network.directoryKeyBase64()
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(first ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        channel = DirectoryChannels.open(network.directoryUrl());
        client = new ConsensusClient(channel, network.directoryUrl(),
                URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/keys"), Optional.empty(),
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(30), scheduler, c -> { });
        client.start();
        DirectoryRegistrarTest.await(() -> client.current() != null, "the consensus verified");
        assertEquals(7, client.current().version());
        assertEquals(network.directoryKeyBase64(), client.directoryKey());
        assertEquals(2, asked.get());
    }

    @Test
    void aPinnedKeyThatDoesNotMatchAcceptsNothing() throws Exception {
        network = new TestNetwork();
        channel = DirectoryChannels.open(network.directoryUrl());
        String otherKey = java.util.Base64.getEncoder().encodeToString(
                lab.onion.relay.crypto.Ed25519.publicKey(TestNetwork.newSecret()));
        client = new ConsensusClient(channel, network.directoryUrl(), Optional.of(otherKey), Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofMillis(100), scheduler, c -> { });
        client.start();
        Thread.sleep(500); // the watch and a few polls deliver consensus 7, each refused
        assertNull(client.current());
    }

    @Test
    void aStaleOrFutureConsensusIsRefusedEvenWhenSignedAndNewer() throws Exception {
        network = new TestNetwork();
        channel = DirectoryChannels.open(network.directoryUrl());
        client = new ConsensusClient(channel, network.directoryUrl(), Optional.of(network.directoryKeyBase64()),
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(100), scheduler, c -> { });
        client.start();
        DirectoryRegistrarTest.await(() -> client.current() != null, "consensus 7 verified");

        long now = System.currentTimeMillis();
        long skew = ConsensusClient.CLOCK_SKEW_MS;
        // a replayed consensus whose fresh-until has passed, then one from the future: both well signed, both newer
        network.directory.publish(TestNetwork.sign(network.consensus.toBuilder().setVersion(8)
                .setValidAfterUnixMs(now - 600_000).setFreshUntilUnixMs(now - skew - 1_000).build(), network.directorySecret));
        Thread.sleep(400);
        assertEquals(7, client.current().version());
        network.directory.publish(TestNetwork.sign(network.consensus.toBuilder().setVersion(9)
                .setValidAfterUnixMs(now + skew + 60_000).setFreshUntilUnixMs(now + 600_000).build(), network.directorySecret));
        Thread.sleep(400);
        assertEquals(7, client.current().version());

        network.directory.publish(TestNetwork.sign(network.consensus.toBuilder().setVersion(10)
                .setValidAfterUnixMs(now).setFreshUntilUnixMs(now + 600_000).build(), network.directorySecret));
        DirectoryRegistrarTest.await(() -> client.current().version() == 10, "the fresh consensus 10 taken");
    }

    @Test
    void freshnessAllowsTheDocumentedClockSkewOnly() {
        VerifiedConsensus c = new VerifiedConsensus(3, 1_000_000, 2_000_000, java.util.List.of());
        long skew = ConsensusClient.CLOCK_SKEW_MS;
        assertNull(ConsensusClient.unusableNow(c, 1_500_000));
        assertNull(ConsensusClient.unusableNow(c, 2_000_000 + skew));
        assertNull(ConsensusClient.unusableNow(c, 1_000_000 - skew));
        org.junit.jupiter.api.Assertions.assertTrue(ConsensusClient.unusableNow(c, 2_000_001 + skew).contains("stale"));
        org.junit.jupiter.api.Assertions.assertTrue(ConsensusClient.unusableNow(c, 999_999 - skew).contains("not valid yet"));
    }
}
