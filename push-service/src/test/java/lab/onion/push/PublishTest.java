package lab.onion.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static lab.onion.push.PushClients.TOKEN;
import static lab.onion.push.PushClients.epoch;
import static lab.onion.push.PushClients.json;
import static lab.onion.push.PushClients.publish;
import static lab.onion.push.PushClients.topic;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing, what it returns, what it refuses, and what the topic and metrics endpoints show. */
@QuarkusTest
class PublishTest {

    @Test
    void publishAnswers201WithTopicSeqEpochAndTs() {
        String topic = topic("pub");
        long before = System.currentTimeMillis();
        JsonNode first = publish(topic, "hello");
        JsonNode second = publish(topic, "world");
        assertEquals(topic, first.get("topic").asText());
        assertEquals(1, first.get("seq").asLong());
        assertEquals(2, second.get("seq").asLong());
        assertEquals(epoch(), first.get("epoch").asText());
        assertTrue(first.get("ts").asLong() >= before, "ts is the publish time in epoch ms");
    }

    @Test
    void jsonStaysJsonAndAnythingElseIsAJsonString() {
        String topic = topic("data");
        given().auth().oauth2(TOKEN).contentType("application/json").body("{ \"temp\": 21.50, \"tags\": [1, \"a\"] }")
                .post("/topics/{t}", topic).then().statusCode(201);
        given().auth().oauth2(TOKEN).contentType("text/plain").body("{\"looks\": \"like json\"}")
                .post("/topics/{t}", topic).then().statusCode(201);
        given().auth().oauth2(TOKEN).contentType("application/vnd.lab+json; charset=utf-8").body("42")
                .post("/topics/{t}", topic).then().statusCode(201);
        JsonNode messages = json(given().get("/topics/{t}/messages", topic).then().statusCode(200)
                .extract().asString()).get("messages");
        assertEquals(json("{\"temp\":21.5,\"tags\":[1,\"a\"]}"), messages.get(0).get("data"));
        assertEquals("{\"looks\": \"like json\"}", messages.get(1).get("data").textValue());
        assertEquals(42, messages.get(2).get("data").intValue());
    }

    @Test
    void invalidJsonIs400() {
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"a\": 1} trailing")
                .post("/topics/{t}", topic("bad-json"))
                .then().statusCode(400).contentType("application/json")
                .body("error", startsWith("body is not valid JSON")).body("status", equalTo(400));
        given().auth().oauth2(TOKEN).contentType("application/json").body("")
                .post("/topics/{t}", topic("bad-json")).then().statusCode(400).body("error", containsString("empty"));
    }

    @Test
    void oversizedBodyIs413() {
        given().auth().oauth2(TOKEN).contentType("text/plain").body("x".repeat(65_537))
                .post("/topics/{t}", topic("big"))
                .then().statusCode(413).contentType("application/json")
                .body("error", startsWith("message too large")).body("limit", equalTo(65_536));
        given().auth().oauth2(TOKEN).contentType("text/plain").body("x".repeat(65_536))
                .post("/topics/{t}", topic("big")).then().statusCode(201);
    }

    @Test
    void publishingWithoutTheRightTokenIs401() {
        String topic = topic("auth");
        given().contentType("text/plain").body("x").post("/topics/{t}", topic)
                .then().statusCode(401).contentType("application/json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", startsWith("missing bearer token"));
        given().auth().oauth2("not-the-token").contentType("text/plain").body("x").post("/topics/{t}", topic)
                .then().statusCode(401).body("error", startsWith("wrong bearer token"));
        given().header("Authorization", "Basic dGVzdDp0ZXN0").contentType("text/plain").body("x")
                .post("/topics/{t}", topic).then().statusCode(401);
        // Subscribing stays open.
        given().get("/topics/{t}/messages", topic).then().statusCode(200).body("messages.size()", equalTo(0));
    }

    @Test
    void invalidTopicNamesAre400() {
        given().auth().oauth2(TOKEN).body("x").post("/topics/{t}", "a".repeat(65))
                .then().statusCode(400).contentType("application/json")
                .body("error", startsWith("invalid topic name")).body("pattern", equalTo("[A-Za-z0-9._-]{1,64}"));
        given().get("/topics/{t}/messages", "no spaces").then().statusCode(400);
        given().get("/topics/{t}/poll", "no*stars").then().statusCode(400);
        given().get("/topics/{t}/sse", "no~tilde").then().statusCode(400).contentType("application/json");
    }

    @Test
    void unknownModeIs404WithTheModesThereAre() {
        given().get("/topics/{t}/carrier-pigeon", topic("mode"))
                .then().statusCode(404).contentType("application/json")
                .body("error", equalTo("unknown mode 'carrier-pigeon'"))
                .body("modes", hasItems("messages", "poll", "sse", "ws"));
        given().get("/topics/{t}/ws", topic("mode")).then().statusCode(426).contentType("application/json");
        given().get("/nowhere/{t}", topic("mode")).then().statusCode(404);
    }

    @Test
    void topicsShowLastSeqHistoryAndSubscribersPerMode() {
        String topic = topic("stats");
        publish(topic, "a");
        publish(topic, "b");
        given().get("/topics/{t}", topic).then().statusCode(200)
                .body("topic", equalTo(topic)).body("lastSeq", equalTo(2)).body("firstSeq", equalTo(1))
                .body("history", equalTo(2)).body("historyBytes", greaterThan(0))
                .body("subscribers.short-poll", equalTo(0)).body("subscribers.long-poll", equalTo(0))
                .body("subscribers.sse", equalTo(0)).body("subscribers.websocket", equalTo(0));
        given().get("/topics").then().statusCode(200)
                .body("epoch", equalTo(epoch())).body("topics.topic", hasItems(topic));
        // Asking about a topic never used does not create it.
        String unused = topic("unused");
        given().get("/topics/{t}", unused).then().statusCode(200).body("lastSeq", equalTo(0));
        given().get("/topics").then().body("topics.topic", not(hasItems(unused)));
    }

    @Test
    void metricsCountPerMode() {
        String topic = topic("metrics");
        publish(topic, "counted");
        given().get("/topics/{t}/messages?after=0", topic).then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("push_requests_total{mode=\"short-poll\"}"))
                .body(containsString("push_deliveries_total{mode=\"short-poll\"}"))
                .body(containsString("push_drops_total{mode=\"websocket\"}"))
                .body(containsString("push_subscribers{mode=\"sse\"}"))
                .body(containsString("push_published_total"));
    }

    @Test
    void healthAndThePage() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItems("push-topics"));
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("push-service")).body(not(containsString("<script src")));
    }
}
