package lab.onion.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import lab.onion.push.PushClients.WsClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static lab.onion.push.PushClients.awaitSubscribers;
import static lab.onion.push.PushClients.epoch;
import static lab.onion.push.PushClients.json;
import static lab.onion.push.PushClients.publish;
import static lab.onion.push.PushClients.publishMany;
import static lab.onion.push.PushClients.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebSocket: {@code ws://HOST/topics/{topic}/ws?after=N}, with the JDK's WebSocket client. */
@QuarkusTest
class WebSocketTest {

    @TestHTTPResource("/")
    URI base;

    private static void assertMessage(JsonNode frame, long seq, String data) {
        assertFalse(frame.has("type"), "a message frame has no type: " + frame);
        assertEquals(seq, frame.get("seq").asLong());
        assertEquals(data, frame.get("data").asText());
        assertTrue(frame.get("ts").asLong() > 0);
        assertEquals(epoch(), frame.get("epoch").asText());
    }

    @Test
    void oneFramePerMessageInOrder() throws Exception {
        String topic = topic("ws-order");
        publishMany(topic, 2);
        try (var client = WsClient.connect(base, "/topics/" + topic + "/ws")) {
            awaitSubscribers(topic, "websocket", 1);
            for (int i = 3; i <= 32; i++) {
                publish(topic, "m" + i);
            }
            List<JsonNode> frames = client.next(30);
            for (int i = 0; i < 30; i++) {
                assertMessage(frames.get(i), i + 3, "m" + (i + 3));
            }
        }
        awaitSubscribers(topic, "websocket", 0);
    }

    @Test
    void resumesAfterWithoutLossOrDuplicates() throws Exception {
        String topic = topic("ws-resume");
        publishMany(topic, 10);
        try (var client = WsClient.connect(base, "/topics/" + topic + "/ws?after=4&epoch=" + epoch())) {
            for (int seq = 5; seq <= 10; seq++) {
                assertMessage(client.next(), seq, "m" + seq);
            }
            publish(topic, "m11");
            assertMessage(client.next(), 11, "m11");
            assertEquals(null, client.frames.poll(200, TimeUnit.MILLISECONDS), "nothing twice");
        }
    }

    @Test
    void gapAndResetFrames() throws Exception {
        String topic = topic("ws-signals");
        publishMany(topic, 130);
        try (var client = WsClient.connect(base, "/topics/" + topic + "/ws?after=0")) {
            assertEquals(json("{\"type\":\"gap\",\"after\":0,\"first\":31,\"missed\":30,\"epoch\":\"" + epoch() + "\"}"),
                    client.next());
            assertMessage(client.next(), 31, "m31");
        }
        try (var client = WsClient.connect(base, "/topics/" + topic + "/ws?after=129&epoch=earlier-0")) {
            assertEquals(json("{\"type\":\"reset\",\"reason\":\"epoch-mismatch\",\"first\":31,\"epoch\":\"" + epoch() + "\"}"),
                    client.next());
            assertMessage(client.next(), 31, "m31");
        }
    }

    @Test
    void aBadRequestIsAnErrorFrameAndClose1008() throws Exception {
        try (var client = WsClient.connect(base, "/topics/" + topic("ws-bad") + "/ws?after=minus-one")) {
            JsonNode error = client.next();
            assertEquals("error", error.get("type").asText());
            assertEquals(400, error.get("status").asInt());
            assertEquals("after", error.get("parameter").asText());
            var close = client.closed.get(10, TimeUnit.SECONDS);
            assertEquals(1008, close.code());
            assertTrue(close.reason().startsWith("'after' must be"), close.reason());
        }
    }
}
