package lab.onion.load.scenario;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vertx.core.Vertx;
import lab.onion.load.client.EchoTcpSession;
import lab.onion.load.client.Payload;
import lab.onion.load.client.Session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The echo line protocol (TCP 8081): N connections, K lines in flight on each, every reply checked. */
public final class EchoTcpScenario implements Scenario {

    private final InetSocketAddress address;
    private final int connections;
    private final int inFlight;
    private final int lineSize;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final byte[] line;
    private final byte[] reply;

    public EchoTcpScenario(Vertx vertx, InetSocketAddress address, int connections, int inFlight, int lineSize,
                           long seed, int connectTimeoutMillis) {
        this.address = address;
        this.connections = connections;
        this.inFlight = inFlight;
        this.lineSize = lineSize;
        // Quarkus's own Vert.x event loops carry the connections: no second set of threads.
        this.group = vertx.nettyEventLoopGroup();
        String text = Payload.text(lineSize, seed);
        this.line = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        this.reply = (Payload.upper(text) + "\n").getBytes(StandardCharsets.US_ASCII);
        this.bootstrap = new Bootstrap()
                .channel(vertx.isNativeTransportEnabled() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .remoteAddress(address);
    }

    @Override
    public String name() {
        return "echo-tcp";
    }

    @Override
    public String target() {
        return address.getHostString() + ":" + address.getPort();
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
        return new EchoTcpSession(bootstrap.clone(), group.next(), line, reply, inFlight);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("connections", connections);
        p.put("inFlight", inFlight);
        p.put("lineSize", lineSize);
        return p;
    }

    @Override
    public void close() {
        // The event loops are Quarkus's; the sessions closed their channels.
    }
}
