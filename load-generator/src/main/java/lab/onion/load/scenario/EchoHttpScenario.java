package lab.onion.load.scenario;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vertx.core.Vertx;
import lab.onion.load.client.EchoHttpSession;
import lab.onion.load.client.Payload;
import lab.onion.load.client.Session;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /upper?text=...} over HTTP/1.1: N keep-alive connections, one request at a time on
 * each (no pipelining), like wrk. Each connection is a Netty channel on one of Quarkus's event
 * loops, and its session lives on the same loop: the request bytes are encoded once, and a reply
 * is handled on the thread that read it. (Vert.x's pooled HTTP client, with futures per request
 * and connections shared by callers on any loop, reached about half of wrk's requests/s on two
 * cores; this one about as many as wrk.)
 */
public final class EchoHttpScenario implements Scenario {

    private final String host;
    private final int port;
    private final int connections;
    private final int textSize;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ByteBuf requestBytes;
    /** What the sessions write: views of {@link #requestBytes} that a write cannot release. */
    private final ByteBuf request;
    private final byte[] expected;

    public EchoHttpScenario(Vertx vertx, String host, int port, int connections, int textSize, long seed,
                            int connectTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.connections = connections;
        this.textSize = textSize;
        String text = Payload.text(textSize, seed);
        this.expected = Payload.upper(text).getBytes(StandardCharsets.UTF_8);
        String head = "GET /upper?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                + "Host: " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "\r\n"
                + "\r\n";
        this.requestBytes = Unpooled.directBuffer(head.length()).writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        this.request = Unpooled.unreleasableBuffer(requestBytes);
        this.group = vertx.nettyEventLoopGroup();
        this.bootstrap = new Bootstrap()
                .channel(vertx.isNativeTransportEnabled() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .remoteAddress(new InetSocketAddress(host, port));
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
        return new EchoHttpSession(bootstrap.clone(), group.next(), request, expected);
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
        // The event loops are Quarkus's; the sessions closed their channels.
        requestBytes.release();
    }
}
