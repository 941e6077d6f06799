package lab.onion.push;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import lab.onion.push.PushClients.RawPeer;
import lab.onion.push.PushClients.SseClient;
import lab.onion.push.PushClients.WsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static lab.onion.push.PushClients.HTTP;
import static lab.onion.push.PushClients.awaitSubscribers;
import static lab.onion.push.PushClients.json;
import static lab.onion.push.PushClients.topic;
import static lab.onion.push.TightLimitsProfile.MAX_SUBSCRIBERS;
import static lab.onion.push.TightLimitsProfile.MAX_TOPICS;
import static lab.onion.push.TightLimitsProfile.SUBSCRIBE_TOKEN;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens the other way round (publishing open, subscribing closed), limits that answer 429 or close 1013, and
 * WebSocket liveness with a short ping interval.
 */
@QuarkusTest
@TestProfile(TightLimitsProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void withoutAPublishTokenAnyoneMayPublish() {
        given().contentType("text/plain").body("open").post("/topics/{t}", "open-publish")
                .then().statusCode(201).body("seq", equalTo(1));
    }

    @Test
    void subscribingNeedsTheSubscribeTokenWhenOneIsSet() throws Exception {
        String topic = "closed-subscribe";
        given().get("/topics/{t}/messages", topic).then().statusCode(401).contentType("application/json")
                .body("error", startsWith("missing bearer token"));
        given().auth().oauth2(SUBSCRIBE_TOKEN).get("/topics/{t}/messages", topic).then().statusCode(200);
        given().get("/topics/{t}/messages?access_token=" + SUBSCRIBE_TOKEN, topic).then().statusCode(200);
        given().get("/topics/{t}/poll?timeout=0&access_token=wrong", topic).then().statusCode(401);
        try (var sse = SseClient.connect(base, "/topics/" + topic + "/sse", Map.of())) {
            assertEquals(401, sse.status);
        }
        try (var ws = WsClient.connect(base, "/topics/" + topic + "/ws")) {
            assertEquals(401, ws.next().get("status").asInt());
            assertEquals(1008, ws.closed.get(10, TimeUnit.SECONDS).code());
        }
        given().contentType("text/plain").body("hello").post("/topics/{t}", topic).then().statusCode(201);
        try (var ws = WsClient.connect(base, "/topics/" + topic + "/ws?after=0&access_token=" + SUBSCRIBE_TOKEN)) {
            assertEquals("hello", ws.next().get("data").asText());
        }
    }

    @Test
    void aFullTopicRefusesMoreSubscribersInEveryMode() throws Exception {
        String topic = "full";
        List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();
        for (int i = 0; i < MAX_SUBSCRIBERS; i++) {
            parked.add(HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/topics/" + topic
                    + "/poll?timeout=30&access_token=" + SUBSCRIBE_TOKEN)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        awaitSubscribers(topic, "long-poll", MAX_SUBSCRIBERS);

        given().auth().oauth2(SUBSCRIBE_TOKEN).get("/topics/{t}/poll?timeout=30", topic)
                .then().statusCode(429).contentType("application/json")
                .body("error", startsWith("too many subscribers")).body("limit", equalTo(MAX_SUBSCRIBERS));
        try (var sse = SseClient.connect(base, "/topics/" + topic + "/sse",
                Map.of("Authorization", "Bearer " + SUBSCRIBE_TOKEN))) {
            assertEquals(429, sse.status);
        }
        try (var ws = WsClient.connect(base, "/topics/" + topic + "/ws?access_token=" + SUBSCRIBE_TOKEN)) {
            assertEquals(429, ws.next().get("status").asInt());
            var close = ws.closed.get(10, TimeUnit.SECONDS);
            assertEquals(1013, close.code());
        }

        given().contentType("text/plain").body("wake up").post("/topics/{t}", topic).then().statusCode(201);
        for (var poll : parked) {
            assertEquals("wake up", json(poll.get(10, TimeUnit.SECONDS).body()).get("messages").get(0).get("data").asText());
        }
        awaitSubscribers(topic, "long-poll", 0);
        given().auth().oauth2(SUBSCRIBE_TOKEN).get("/topics/{t}/poll?timeout=0", topic).then().statusCode(200);
    }

    @Test
    void aWebSocketPeerThatAnswersNoPingIsCutOffAndALiveOneStays() throws Exception {
        // This profile pings every second and gives up after 3 s without a pong.
        String topic = "liveness";
        String path = "/topics/" + topic + "/ws?access_token=" + SUBSCRIBE_TOKEN;
        try (var live = WsClient.connect(base, path); var dead = RawPeer.webSocket(base, path)) {
            awaitSubscribers(topic, "websocket", 2);
            assertTrue(dead.closedByServerWithin(Duration.ofSeconds(15)), "the silent peer was not cut off");
            awaitSubscribers(topic, "websocket", 1);
            assertFalse(live.closed.isDone(), "the peer that answers pings stays");
            given().contentType("text/plain").body("still here").post("/topics/{t}", topic).then().statusCode(201);
            assertEquals("still here", live.next().get("data").asText());
        }
        given().get("/q/metrics").then()
                .body(containsString("push_subscribers_closed_total{mode=\"websocket\",reason=\"dead-peer\"}"));
    }

    @Test
    @Order(Integer.MAX_VALUE) // it uses up the topics the other tests need
    void theGatewayKeepsAtMostItsTopics() {
        int used = given().get("/topics").then().statusCode(200).extract().path("topics.size()");
        for (int i = used; i < MAX_TOPICS; i++) {
            given().contentType("text/plain").body("x").post("/topics/{t}", topic("fill")).then().statusCode(201);
        }
        given().contentType("text/plain").body("x").post("/topics/{t}", topic("one-too-many"))
                .then().statusCode(429).contentType("application/json")
                .body("error", equalTo("too many topics")).body("limit", equalTo(MAX_TOPICS));
    }
}
