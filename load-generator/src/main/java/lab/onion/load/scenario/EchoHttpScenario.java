package lab.onion.load.scenario;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import lab.onion.load.client.EchoHttpSession;
import lab.onion.load.client.Payload;
import lab.onion.load.client.Session;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /upper?text=...} over HTTP/1.1: a pool of N keep-alive connections, no pipelining. */
public final class EchoHttpScenario implements Scenario {

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final int connections;
    private final int textSize;
    private final HttpClient client;
    private final RequestOptions request;
    private final Buffer expected;

    public EchoHttpScenario(Vertx vertx, String host, int port, int connections, int textSize, long seed,
                            int connectTimeoutMillis) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.connections = connections;
        this.textSize = textSize;
        String text = Payload.text(textSize, seed);
        this.expected = Buffer.buffer(Payload.upper(text));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setPipelining(false)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(connectTimeoutMillis),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        this.request = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                .setURI("/upper?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return "echo-http";
    }

    @Override
    public String target() {
        return "http://" + host + ":" + port + "/upper";
    }

    @Override
    public int sessions() {
        return connections;
    }

    @Override
    public int slotsPerSession() {
        return 1;
    }

    @Override
    public Session newSession(int index) {
        return new EchoHttpSession(client, ((VertxInternal) vertx).createEventLoopContext(), request, expected);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("connections", connections);
        p.put("textSize", textSize);
        return p;
    }

    @Override
    public void close() {
        client.close();
    }
}
