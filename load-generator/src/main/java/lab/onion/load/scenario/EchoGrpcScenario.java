package lab.onion.load.scenario;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import lab.onion.echo.v1.UpperRequest;
import lab.onion.load.client.EchoGrpcSession;
import lab.onion.load.client.EchoGrpcStreamSession;
import lab.onion.load.client.Payload;
import lab.onion.load.client.Session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The echo contract over gRPC (plaintext HTTP/2): unary {@code Upper} calls from N workers with
 * K calls in flight each, or with {@code streaming} N bidirectional {@code UpperStream} calls with
 * K requests outstanding on each.
 */
public final class EchoGrpcScenario implements Scenario {

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final int connections;
    private final int inFlight;
    private final int textSize;
    private final boolean streaming;
    private final GrpcClient client;
    private final SocketAddress address;
    private final UpperRequest request;
    private final String expected;

    public EchoGrpcScenario(Vertx vertx, String host, int port, int connections, int inFlight, int textSize,
                            boolean streaming, long seed, int connectTimeoutMillis) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.connections = connections;
        this.inFlight = inFlight;
        this.textSize = textSize;
        this.streaming = streaming;
        String text = Payload.text(textSize, seed);
        this.request = UpperRequest.newBuilder().setText(text).build();
        this.expected = Payload.upper(text);
        this.address = SocketAddress.inetSocketAddress(port, host);
        this.client = GrpcClient.client(vertx, new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setTcpNoDelay(true)
                .setConnectTimeout(connectTimeoutMillis)
                .setHttp2MaxPoolSize(connections)
                .setHttp2MultiplexingLimit(-1));
    }

    @Override
    public String name() {
        return "echo-grpc";
    }

    @Override
    public String target() {
        return host + ":" + port;
    }

    @Override
    public int sessions() {
        return connections;
    }

    @Override
    public int slotsPerSession() {
        return inFlight;
    }

    @Override
    public Session newSession(int index) {
        var context = ((VertxInternal) vertx).createEventLoopContext();
        return streaming
                ? new EchoGrpcStreamSession(client, context, address, request, expected, inFlight)
                : new EchoGrpcSession(client, context, address, request, expected);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(streaming ? "streams" : "workers", connections);
        p.put("inFlight", inFlight);
        p.put("textSize", textSize);
        p.put("streaming", streaming);
        return p;
    }

    @Override
    public void close() {
        client.close();
    }
}
