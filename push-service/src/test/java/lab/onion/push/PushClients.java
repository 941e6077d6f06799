package lab.onion.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** Real clients of every mode, over real sockets, for the tests: no mocks of the network. */
final class PushClients {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "test-token";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PushClients() {
    }

    static String topic(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The application under test, as rest-assured is pointed at it. */
    static URI base() {
        return URI.create("http://localhost:" + RestAssured.port + "/");
    }

    /** Publishes text with the test token; returns the response JSON ({@code topic, seq, epoch, ts}). */
    static JsonNode publish(String topic, String text) {
        var request = HttpRequest.newBuilder(base().resolve("/topics/" + topic))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build();
        HttpResponse<String> response = send(request);
        assertEquals(201, response.statusCode(), response.body());
        return json(response.body());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Publishes {@code "m1" .. "mN"}; returns the last seq. */
    static long publishMany(String topic, int count) {
        long seq = 0;
        for (int i = 1; i <= count; i++) {
            seq = publish(topic, "m" + i).get("seq").asLong();
        }
        return seq;
    }

    static String epoch() {
        return given().get("/topics").then().statusCode(200).extract().path("epoch");
    }

    static JsonNode stats(String topic) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base().resolve("/topics/" + topic)).build());
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    /** Waits until the topic shows exactly {@code count} subscribers of a mode. */
    static void awaitSubscribers(String topic, String mode, int count) {
        await(Duration.ofSeconds(15), () -> stats(topic).get("subscribers").get(mode).asInt() == count,
                () -> "subscribers of " + topic + ": " + stats(topic).get("subscribers"));
    }

    static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + ": " + what.get());
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static URI ws(URI base, String pathAndQuery) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + pathAndQuery);
    }

    /** An SSE client: the JDK HTTP client reading the stream line by line on its own thread. */
    static final class SseClient implements AutoCloseable {

        record Event(String id, String event, String data) {
            JsonNode json() {
                return PushClients.json(data);
            }
        }

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final int status;
        final HttpClient.Version version;
        private final InputStream body;

        private SseClient(HttpResponse<InputStream> response) {
            this.status = response.statusCode();
            this.version = response.version();
            this.body = response.body();
            Thread reader = new Thread(this::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Over HTTP/1.1, as a browser's EventSource reads an {@code http://} stream. */
        static SseClient connect(URI base, String pathAndQuery, Map<String, String> headers) throws Exception {
            return connect(base, pathAndQuery, headers, HttpClient.Version.HTTP_1_1);
        }

        /** Over HTTP/1.1, or HTTP/2 (h2c: the JDK client upgrades a plain connection). */
        static SseClient connect(URI base, String pathAndQuery, Map<String, String> headers,
                                 HttpClient.Version version) throws Exception {
            var request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Accept", "text/event-stream")
                    .version(version);
            headers.forEach(request::header);
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        }

        private void read() {
            try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(id, event, data.toString()));
                        }
                        id = null;
                        event = null;
                        data = null;
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        String chunk = line.substring(5);
                        chunk = chunk.startsWith(" ") ? chunk.substring(1) : chunk;
                        data = data == null ? new StringBuilder(chunk) : data.append('\n').append(chunk);
                    }
                }
                ended.complete(null);
            } catch (IOException e) {
                ended.complete(null);
            }
        }

        Event next() throws InterruptedException {
            Event event = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "no SSE event within 10 s");
            return event;
        }

        List<Event> next(int count) throws InterruptedException {
            List<Event> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(next());
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** A WebSocket client: the JDK's, collecting whole text messages and the close. */
    static final class WsClient implements WebSocket.Listener, AutoCloseable {

        record Close(int code, String reason) {
        }

        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Close> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static WsClient connect(URI base, String pathAndQuery) {
            var client = new WsClient();
            client.socket = HTTP.newWebSocketBuilder().buildAsync(ws(base, pathAndQuery), client)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            return client;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }

        JsonNode next() throws InterruptedException {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            assertNotNull(frame, "no WebSocket frame within 10 s");
            return json(frame);
        }

        List<JsonNode> next(int count) throws InterruptedException {
            List<JsonNode> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(next());
            }
            return out;
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
            socket.abort();
        }
    }

    /**
     * A peer that does the handshake (WebSocket upgrade or SSE request) and then never reads, with a tiny receive
     * buffer, and never answers a ping.
     */
    static final class RawPeer implements AutoCloseable {

        private final Socket socket = new Socket();

        static RawPeer webSocket(URI base, String path) throws IOException {
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            return new RawPeer(base, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        }

        static RawPeer sse(URI base, String path) throws IOException {
            return new RawPeer(base, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
        }

        private RawPeer(URI base, String request) throws IOException {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Reads now, until the server's end of the connection (FIN or reset); false if still open at the deadline. */
        boolean closedByServerWithin(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout(200);
                try {
                    if (in.read(buffer) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // nothing yet, still open
                } catch (SocketException e) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
