package lab.onion.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import lab.onion.push.PushClients.RawPeer;
import lab.onion.push.PushClients.SseClient;
import lab.onion.push.PushClients.WsClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static lab.onion.push.PushClients.HTTP;
import static lab.onion.push.PushClients.TOKEN;
import static lab.onion.push.PushClients.awaitSubscribers;
import static lab.onion.push.PushClients.topic;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that never read, while about 10 MB are published: they are cut off, the subscribers that read get every
 * message, and publishing does not wait for anyone.
 */
@QuarkusTest
class SlowConsumerTest {

    private static final int MESSAGES = 160;
    private static final String PAYLOAD = "x".repeat(65_000);

    @TestHTTPResource("/")
    URI base;

    @Test
    void aPeerThatNeverReadsIsCutOffAndNobodyElseNotices() throws Exception {
        String topic = topic("slow");
        try (var reader = WsClient.connect(base, "/topics/" + topic + "/ws");
             var sseReader = SseClient.connect(base, "/topics/" + topic + "/sse", Map.of());
             var stuckWs = RawPeer.webSocket(base, "/topics/" + topic + "/ws");
             var stuckSse = RawPeer.sse(base, "/topics/" + topic + "/sse")) {
            awaitSubscribers(topic, "websocket", 2);
            awaitSubscribers(topic, "sse", 2);

            long[] latencies = new long[MESSAGES];
            var publish = HttpRequest.newBuilder(base.resolve("/topics/" + topic))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(PAYLOAD)).build();
            for (int i = 0; i < MESSAGES; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = HTTP.send(publish, HttpResponse.BodyHandlers.ofString());
                latencies[i] = (System.nanoTime() - start) / 1_000_000;
                assertEquals(201, response.statusCode(), response.body());
            }

            for (int seq = 1; seq <= MESSAGES; seq++) {
                JsonNode frame = reader.next();
                assertEquals(seq, frame.get("seq").asLong());
                assertEquals(PAYLOAD.length(), frame.get("data").asText().length());
                assertEquals(Long.toString(seq), sseReader.next().id());
            }

            awaitSubscribers(topic, "websocket", 1);
            awaitSubscribers(topic, "sse", 1);
            assertTrue(stuckWs.closedByServerWithin(Duration.ofSeconds(10)), "the stuck WebSocket is still open");
            assertTrue(stuckSse.closedByServerWithin(Duration.ofSeconds(10)), "the stuck SSE stream is still open");

            Arrays.sort(latencies);
            long median = latencies[MESSAGES / 2];
            long max = latencies[MESSAGES - 1];
            assertTrue(median < 100 && max < 3000, "publish latency: median " + median + " ms, max " + max + " ms");
        }
        given().get("/q/metrics").then()
                .body(containsString("push_subscribers_closed_total{mode=\"websocket\",reason=\"slow-consumer\"}"))
                .body(containsString("push_subscribers_closed_total{mode=\"sse\",reason=\"slow-consumer\"}"));
    }
}
