package lab.onion.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static lab.onion.push.PushClients.HTTP;
import static lab.onion.push.PushClients.awaitSubscribers;
import static lab.onion.push.PushClients.json;
import static lab.onion.push.PushClients.publish;
import static lab.onion.push.PushClients.publishMany;
import static lab.onion.push.PushClients.topic;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long polling: {@code GET /topics/{topic}/poll?after=N&timeout=S}. */
@QuarkusTest
class LongPollTest {

    @TestHTTPResource("/")
    URI base;

    CompletableFuture<HttpResponse<String>> pollAsync(String topic, String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/topics/" + topic + "/poll" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void endsWithAnEmptyListAtItsTimeout() throws Exception {
        String topic = topic("lp-timeout");
        publishMany(topic, 2);
        long start = System.nanoTime();
        HttpResponse<String> response = pollAsync(topic, "?after=2&timeout=1").get(20, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.statusCode());
        JsonNode body = json(response.body());
        assertEquals(0, body.get("messages").size());
        assertEquals(2, body.get("next").asLong());
        // Not at once and not at the 30 s default: at its own timeout (with slack for a busy machine).
        assertTrue(millis >= 950 && millis < 5000, "answered after " + millis + " ms, the timeout is 1 s");
        awaitSubscribers(topic, "long-poll", 0);
    }

    @Test
    void wakesUpAsSoonAsAMessageIsPublished() throws Exception {
        String topic = topic("lp-wake");
        publish(topic, "old");
        var pending = pollAsync(topic, "?after=1&timeout=20");
        awaitSubscribers(topic, "long-poll", 1);
        long published = System.nanoTime();
        publish(topic, "new");
        HttpResponse<String> response = pending.get(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - published) / 1_000_000;
        assertEquals(200, response.statusCode());
        JsonNode body = json(response.body());
        assertEquals(1, body.get("messages").size());
        assertEquals(2, body.get("messages").get(0).get("seq").asLong());
        assertEquals("new", body.get("messages").get(0).get("data").asText());
        assertTrue(millis < 5000, "woke " + millis + " ms after the publish, its timeout is 20 s");
    }

    @Test
    void withoutAfterWaitsForTheNextMessage() throws Exception {
        String topic = topic("lp-next");
        publishMany(topic, 3);
        var pending = pollAsync(topic, "?timeout=20");
        awaitSubscribers(topic, "long-poll", 1);
        publish(topic, "fourth");
        JsonNode body = json(pending.get(5, TimeUnit.SECONDS).body());
        assertEquals(4, body.get("messages").get(0).get("seq").asLong());
    }

    @Test
    void answersAtOnceWhenThereIsSomethingNew() {
        String topic = topic("lp-now");
        publishMany(topic, 3);
        long start = System.nanoTime();
        JsonNode body = json(given().get("/topics/{t}/poll?after=1&timeout=30", topic).then().statusCode(200)
                .extract().asString());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 10_000, "answered at once, not after its 30 s");
        assertEquals(2, body.get("messages").size());
        assertEquals(3, body.get("next").asLong());
    }

    @Test
    void aPollLoopGetsEveryMessageOnceWhilePublishing() throws Exception {
        String topic = topic("lp-loop");
        var publisher = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= 60; i++) {
                publish(topic, "n" + i);
                if (i % 10 == 0) {
                    PushClients.sleep(30);
                }
            }
        });
        List<Long> seen = new ArrayList<>();
        long next = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.size() < 60 && System.nanoTime() < deadline) {
            JsonNode body = json(given().get("/topics/{t}/poll?after=" + next + "&timeout=5", topic)
                    .then().statusCode(200).extract().asString());
            body.get("messages").forEach(m -> seen.add(m.get("seq").asLong()));
            next = body.get("next").asLong();
        }
        publisher.get(10, TimeUnit.SECONDS);
        assertEquals(60, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i), "in order, no gaps, no duplicates");
        }
    }

    @Test
    void gapAndResetAnswerAtOnce() {
        String topic = topic("lp-signals");
        publishMany(topic, 110);
        given().get("/topics/{t}/poll?after=3&timeout=30", topic).then().statusCode(200)
                .body("gap.first", equalTo(11)).body("gap.missed", equalTo(7)).body("messages[0].seq", equalTo(11));
        given().get("/topics/{t}/poll?after=110&epoch=old-epoch&timeout=30", topic).then().statusCode(200)
                .body("reset.reason", equalTo("epoch-mismatch")).body("messages[0].seq", equalTo(11));
    }

    @Test
    void badParametersAre400() {
        String topic = topic("lp-bad");
        given().get("/topics/{t}/poll?timeout=61", topic).then().statusCode(400).contentType("application/json")
                .body("error", startsWith("'timeout' must be a number of seconds from 0 to 60"))
                .body("parameter", equalTo("timeout"));
        given().get("/topics/{t}/poll?timeout=soon", topic).then().statusCode(400);
        given().get("/topics/{t}/poll?after=1.5", topic).then().statusCode(400).body("parameter", equalTo("after"));
    }
}
