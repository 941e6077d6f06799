package lab.onion.directory.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import lab.onion.directory.GrpcClient;
import lab.onion.directory.LogCapture;
import lab.onion.directory.TestRelay;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Join/leave events reach a push gateway: a real HTTP server on loopback that records what it
 * gets. Then the gateway goes away, and the directory carries on with one warning.
 */
@QuarkusTest
@WithTestResource(PushGatewayTest.FakeGateway.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushGatewayTest {

    /** Requests the gateway received: "METHOD PATH", then "Authorization: ...", "Content-Type: ...", then the body. */
    BlockingQueue<List<String>> received;
    /** The gateway itself, to take it down. */
    HttpServer gateway;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Order(1)
    void joinAndLeaveArePublished() throws Exception {
        TestRelay relay = TestRelay.create("push");
        long version;
        try (GrpcClient grpc = new GrpcClient()) {
            version = grpc.directory().register(relay.register()).getConsensusVersion();
        }

        List<String> joined = next(relay.nickname, "joined");
        assertEquals("POST /topics/directory", joined.get(0));
        assertEquals("Authorization: Bearer s3cret", joined.get(1));
        assertTrue(joined.get(2).startsWith("Content-Type: application/json"), joined.get(2));
        JsonNode body = json.readTree(joined.get(3));
        assertEquals(Base64.getEncoder().encodeToString(relay.identityKey()), body.get("identity").asText());
        assertEquals(version, body.get("consensusVersion").asLong());
        assertEquals(4, body.size(), joined.get(3));

        // No heartbeats: it leaves after the timeout, and that is published too.
        JsonNode left = json.readTree(next(relay.nickname, "left").get(3));
        assertTrue(left.get("consensusVersion").asLong() > version);
    }

    @Test
    @Order(2)
    void aGatewayThatIsDownCostsOneWarningAndNothingElse() throws Exception {
        gateway.stop(0);
        try (LogCapture log = LogCapture.start(); GrpcClient grpc = new GrpcClient()) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                grpc.directory().register(TestRelay.create("down").register());
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 1000, "registration waited " + ms + " ms for the gateway");
            }
            Thread.sleep(1500); // time for the failed publications

            List<LogCapture.Line> warnings = log.lines().stream()
                    .filter(l -> l.level().intValue() >= Level.WARNING.intValue()).toList();
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).message().contains("push gateway"), warnings.get(0).message());
            assertTrue(log.lines().stream().noneMatch(l -> l.thrown() != null), () -> "stack traces: " + log.lines());
        }
    }

    /** The next publication about {@code nickname} with this event, skipping others' (earlier tests' relays leaving). */
    private List<String> next(String nickname, String event) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<String> request = received.poll(100, TimeUnit.MILLISECONDS);
            if (request != null) {
                JsonNode body = json.readTree(request.get(3));
                if (nickname.equals(body.path("nickname").asText()) && event.equals(body.path("event").asText())) {
                    return request;
                }
            }
        }
        throw new AssertionError("no '" + event + "' event for " + nickname + " within 10 s");
    }

    /** A push gateway on a free loopback port that answers 201 and keeps what it got. */
    public static class FakeGateway implements QuarkusTestResourceLifecycleManager {

        private final BlockingQueue<List<String>> received = new LinkedBlockingQueue<>();
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(List.of(
                        exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                        "Authorization: " + exchange.getRequestHeaders().getFirst("Authorization"),
                        "Content-Type: " + exchange.getRequestHeaders().getFirst("Content-Type"),
                        body));
                byte[] reply = "{\"topic\":\"directory\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(201, reply.length);
                exchange.getResponseBody().write(reply);
                exchange.close();
            });
            server.start();
            return Map.of(
                    "directory.push.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/",
                    "directory.push.token", "s3cret");
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(received, new TestInjector.MatchesType(BlockingQueue.class));
            injector.injectIntoFields(server, new TestInjector.MatchesType(HttpServer.class));
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }
}
