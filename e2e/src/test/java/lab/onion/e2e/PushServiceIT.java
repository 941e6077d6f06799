package lab.onion.e2e;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** push-service in the running lab: one publish, each of the four ways to be told. */
class PushServiceIT {

    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startLab() {
        port = Lab.get().hostPort("push-service", 8080);
    }

    private static String topic() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int publish(String topic, String body) {
        return given().port(port).header("Authorization", "Bearer " + Lab.PUSH_TOKEN)
                .contentType("text/plain").body(body)
                .when().post("/topics/" + topic)
                .then().statusCode(201).body("topic", equalTo(topic))
                .extract().path("seq");
    }

    @Test
    void publishingNeedsTheToken() {
        given().port(port).contentType("text/plain").body("no token")
                .when().post("/topics/" + topic())
                .then().statusCode(401).body("error", notNullValue());
    }

    @Test
    void shortPollReturnsEverythingAfterASeqInOrder() {
        String topic = topic();
        assertEquals(1, publish(topic, "one"));
        assertEquals(2, publish(topic, "two"));
        assertEquals(3, publish(topic, "three"));
        JsonPath page = given().port(port).queryParam("after", 1)
                .when().get("/topics/" + topic + "/messages")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(2, 3), page.getList("messages.seq"));
        assertEquals(List.of("two", "three"), page.getList("messages.data"));
        assertEquals(3, page.getInt("next"));
    }

    @Test
    void longPollAnswersAsSoonAsAMessageArrives() throws Exception {
        String topic = topic();
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/topics/" + topic + "/poll?after=0&timeout=20")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        long published = System.nanoTime();
        publish(topic, "wake up");
        HttpResponse<String> response = poll.get(15, TimeUnit.SECONDS);
        long waitedMs = (System.nanoTime() - published) / 1_000_000;
        assertEquals(200, response.statusCode());
        assertEquals("wake up", JsonPath.from(response.body()).getString("messages[0].data"));
        assertTrue(waitedMs < 5_000, "long poll answered only after " + waitedMs + " ms");
    }

    @Test
    void sseDeliversEachMessageWithItsSeqAsId() throws Exception {
        String topic = topic();
        publish(topic, "before");
        HttpResponse<java.io.InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/topics/" + topic + "/sse?after=0")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        publish(topic, "after");
        List<String> ids = new ArrayList<>();
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while (ids.size() < 2 && (line = events.readLine()) != null) {
                if (line.startsWith("id:")) {
                    ids.add(line.substring(3).trim());
                }
            }
        }
        assertEquals(List.of("1", "2"), ids);
    }

    @Test
    void webSocketDeliversOneFramePerMessageAndResumes() throws Exception {
        String topic = topic();
        publish(topic, "first");
        publish(topic, "second");
        List<String> frames = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/topics/" + topic + "/ws?after=0"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        three.countDown();
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        publish(topic, "third");
        assertTrue(three.await(10, TimeUnit.SECONDS), "got only " + frames);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertEquals(List.of(1, 2, 3), frames.stream().map(f -> JsonPath.from(f).getInt("seq")).toList());
        assertEquals("third", JsonPath.from(frames.get(2)).getString("data"));
    }
}
