package lab.onion.push;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static lab.onion.push.PushClients.awaitSubscribers;
import static lab.onion.push.PushClients.json;
import static lab.onion.push.PushClients.publish;
import static lab.onion.push.PushClients.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fan-out: a thousand WebSocket subscribers (one Vert.x client, a thousand connections) and a burst. */
@QuarkusTest
class FanOutTest {

    private static final int SUBSCRIBERS = 1000;
    private static final int BURST = 20;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aThousandWebSocketsEachGetEveryMessageOfABurstInOrder() throws Exception {
        String topic = topic("fanout");
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(SUBSCRIBERS + 10).setConnectTimeout(20_000));
            List<List<Long>> received = new ArrayList<>();
            var failures = new ConcurrentLinkedQueue<Throwable>();
            var sockets = new ConcurrentLinkedQueue<WebSocket>();
            var connected = new CountDownLatch(SUBSCRIBERS);
            var complete = new CountDownLatch(SUBSCRIBERS);
            var frames = new AtomicInteger();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                List<Long> mine = new ArrayList<>();
                received.add(mine);
                client.connect(base.getPort(), base.getHost(), "/topics/" + topic + "/ws").onComplete(result -> {
                    if (result.failed()) {
                        failures.add(result.cause());
                    } else {
                        WebSocket socket = result.result();
                        sockets.add(socket);
                        // Each connection's handler runs on one event loop thread: its list needs no lock.
                        socket.textMessageHandler(text -> {
                            frames.incrementAndGet();
                            mine.add(json(text).get("seq").asLong());
                            if (mine.size() == BURST) {
                                complete.countDown();
                            }
                        });
                    }
                    connected.countDown();
                });
            }
            assertTrue(connected.await(60, TimeUnit.SECONDS), "connections still pending: " + connected.getCount());
            assertEquals(List.of(), List.copyOf(failures), "failed connections");
            awaitSubscribers(topic, "websocket", SUBSCRIBERS);

            for (int i = 1; i <= BURST; i++) {
                publish(topic, "burst " + i);
            }
            assertTrue(complete.await(60, TimeUnit.SECONDS),
                    complete.getCount() + " subscribers did not get the whole burst; frames: " + frames.get());
            List<Long> expected = new ArrayList<>();
            for (long seq = 1; seq <= BURST; seq++) {
                expected.add(seq);
            }
            synchronized (received) {
                for (List<Long> seqs : received) {
                    assertEquals(expected, seqs);
                }
            }
            assertEquals(SUBSCRIBERS * BURST, frames.get(), "no duplicates");
            sockets.forEach(WebSocket::close);
            awaitSubscribers(topic, "websocket", 0);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
