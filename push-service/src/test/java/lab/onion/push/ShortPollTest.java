package lab.onion.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static lab.onion.push.PushClients.epoch;
import static lab.onion.push.PushClients.json;
import static lab.onion.push.PushClients.publishMany;
import static lab.onion.push.PushClients.topic;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Short polling: {@code GET /topics/{topic}/messages?after=N}. The test profile keeps 100 messages of history. */
@QuarkusTest
class ShortPollTest {

    static JsonNode poll(String topic, String query) {
        return json(given().get("/topics/{t}/messages" + query, topic).then().statusCode(200)
                .contentType("application/json").extract().asString());
    }

    static List<Long> seqs(JsonNode response) {
        List<Long> seqs = new ArrayList<>();
        response.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        return seqs;
    }

    @Test
    void deliversInOrderWithData() {
        String topic = topic("sp-order");
        publishMany(topic, 10);
        JsonNode response = poll(topic, "?after=0");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), seqs(response));
        assertEquals("m1", response.get("messages").get(0).get("data").asText());
        assertEquals(10, response.get("next").asLong());
        assertEquals(epoch(), response.get("epoch").asText());
        assertEquals(poll(topic, "").get("messages"), response.get("messages"), "no 'after' means the whole history");
    }

    @Test
    void resumingWithNextLosesNothingAndRepeatsNothing() {
        String topic = topic("sp-resume");
        List<Long> seen = new ArrayList<>();
        long next = 0;
        for (int round = 0; round < 5; round++) {
            publishMany(topic, 3);
            JsonNode response = poll(topic, "?after=" + next);
            seen.addAll(seqs(response));
            next = response.get("next").asLong();
        }
        JsonNode idle = poll(topic, "?after=" + next);
        assertEquals(List.of(), seqs(idle));
        assertEquals(next, idle.get("next").asLong());
        assertEquals(15, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i));
        }
    }

    @Test
    void messagesThatLeftTheHistoryAreAGap() {
        String topic = topic("sp-gap");
        publishMany(topic, 120);
        JsonNode response = poll(topic, "?after=5");
        JsonNode gap = response.get("gap");
        assertEquals(5, gap.get("after").asLong());
        assertEquals(21, gap.get("first").asLong());
        assertEquals(15, gap.get("missed").asLong());
        assertEquals(21, seqs(response).get(0));
        assertEquals(100, seqs(response).size());
        assertEquals(120, response.get("next").asLong());
        assertNull(poll(topic, "?after=20").get("gap"), "after=first-1 misses nothing");
    }

    @Test
    void anotherEpochOrAPositionAheadIsAReset() {
        String topic = topic("sp-reset");
        publishMany(topic, 3);
        JsonNode stale = poll(topic, "?after=2&epoch=before-restart");
        assertEquals("epoch-mismatch", stale.get("reset").get("reason").asText());
        assertEquals(epoch(), stale.get("reset").get("epoch").asText());
        assertEquals(1, stale.get("reset").get("first").asLong());
        assertEquals(List.of(1L, 2L, 3L), seqs(stale), "a reset starts over at the beginning of the history");

        JsonNode ahead = poll(topic, "?after=50");
        assertEquals("ahead-of-stream", ahead.get("reset").get("reason").asText());
        assertEquals(List.of(1L, 2L, 3L), seqs(ahead));

        JsonNode current = poll(topic, "?after=2&epoch=" + epoch());
        assertFalse(current.has("reset"));
        assertEquals(List.of(3L), seqs(current));
    }

    @Test
    void malformedPositionsAre400() {
        String topic = topic("sp-bad");
        given().get("/topics/{t}/messages?after=abc", topic).then().statusCode(400).contentType("application/json")
                .body("error", startsWith("'after' must be a non-negative integer")).body("parameter", equalTo("after"));
        given().get("/topics/{t}/messages?after=-1", topic).then().statusCode(400);
        given().get("/topics/{t}/messages?after=99999999999999999999", topic).then().statusCode(400);
        given().get("/topics/{t}/messages?after=1&epoch=no%20spaces", topic).then().statusCode(400)
                .body("parameter", equalTo("epoch"));
    }
}
