package lab.onion.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import lab.onion.push.PushClients.SseClient;
import lab.onion.push.PushClients.SseClient.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static lab.onion.push.PushClients.HTTP;
import static lab.onion.push.PushClients.awaitSubscribers;
import static lab.onion.push.PushClients.epoch;
import static lab.onion.push.PushClients.json;
import static lab.onion.push.PushClients.publish;
import static lab.onion.push.PushClients.publishMany;
import static lab.onion.push.PushClients.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-Sent Events: {@code GET /topics/{topic}/sse}, read by a real HTTP client line by line, over HTTP/1.1 (a chunked
 * body, as browsers read {@code http://}) and over HTTP/2 (h2c), which the gateway writes in different ways.
 */
@QuarkusTest
class SseTest {

    @TestHTTPResource("/")
    URI base;

    private static void assertMessage(Event event, long seq, String data) {
        assertNull(event.event(), "a message is a default ('message') event");
        assertEquals(Long.toString(seq), event.id());
        JsonNode json = event.json();
        assertEquals(seq, json.get("seq").asLong());
        assertEquals(data, json.get("data").asText());
        assertTrue(json.get("ts").asLong() > 0);
        assertEquals(epoch(), json.get("epoch").asText());
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(HttpClient.Version.class)
    void streamsNewMessagesInOrderWithIds(HttpClient.Version version) throws Exception {
        String topic = topic("sse-order");
        publishMany(topic, 2);
        try (var client = SseClient.connect(base, "/topics/" + topic + "/sse", Map.of(), version)) {
            assertEquals(200, client.status);
            assertEquals(version, client.version, "the HTTP version the stream came over");
            awaitSubscribers(topic, "sse", 1);
            for (int i = 3; i <= 22; i++) {
                publish(topic, "m" + i);
            }
            List<Event> events = client.next(20);
            for (int i = 0; i < 20; i++) {
                assertMessage(events.get(i), i + 3, "m" + (i + 3));
            }
        }
        awaitSubscribers(topic, "sse", 0);
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(HttpClient.Version.class)
    void resumesAfterLastEventIdWithoutLossOrDuplicates(HttpClient.Version version) throws Exception {
        String topic = topic("sse-resume");
        publishMany(topic, 10);
        try (var client = SseClient.connect(base, "/topics/" + topic + "/sse?after=1", Map.of("Last-Event-ID", "6"),
                version)) {
            for (int seq = 7; seq <= 10; seq++) {
                assertMessage(client.next(), seq, "m" + seq);
            }
            publish(topic, "m11");
            assertMessage(client.next(), 11, "m11");
        }
        try (var client = SseClient.connect(base, "/topics/" + topic + "/sse?after=9", Map.of(), version)) {
            assertMessage(client.next(), 10, "m10");
            assertMessage(client.next(), 11, "m11");
        }
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(HttpClient.Version.class)
    void missedMessagesThatLeftTheHistoryAreAGapEvent(HttpClient.Version version) throws Exception {
        String topic = topic("sse-gap");
        publishMany(topic, 120);
        try (var client = SseClient.connect(base, "/topics/" + topic + "/sse?after=3", Map.of(), version)) {
            Event gap = client.next();
            assertEquals("gap", gap.event());
            assertEquals("20", gap.id(), "a client reconnecting after the gap resumes after it");
            assertEquals(json("{\"type\":\"gap\",\"after\":3,\"first\":21,\"missed\":17,\"epoch\":\"" + epoch() + "\"}"),
                    gap.json());
            assertMessage(client.next(), 21, "m21");
        }
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(HttpClient.Version.class)
    void anotherEpochIsAResetEvent(HttpClient.Version version) throws Exception {
        String topic = topic("sse-reset");
        publishMany(topic, 3);
        try (var client = SseClient.connect(base, "/topics/" + topic + "/sse?epoch=gone-1",
                Map.of("Last-Event-ID", "2"), version)) {
            Event reset = client.next();
            assertEquals("reset", reset.event());
            assertEquals("epoch-mismatch", reset.json().get("reason").asText());
            assertEquals(epoch(), reset.json().get("epoch").asText());
            assertEquals(1, reset.json().get("first").asLong());
            assertMessage(client.next(), 1, "m1");
        }
        try (var client = SseClient.connect(base, "/topics/" + topic + "/sse", Map.of("Last-Event-ID", "40"),
                version)) {
            assertEquals("ahead-of-stream", client.next().json().get("reason").asText());
        }
    }

    @Test
    void malformedLastEventIdIs400() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(base.resolve("/topics/" + topic("sse-bad") + "/sse"))
                .header("Last-Event-ID", "yesterday").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals("Last-Event-ID", json(response.body()).get("parameter").asText());
    }
}
