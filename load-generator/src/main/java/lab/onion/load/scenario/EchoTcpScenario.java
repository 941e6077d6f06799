package lab.onion.load.scenario;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.vertx.core.Vertx;
import lab.onion.load.client.EchoTcpSession;
import lab.onion.load.client.TcpClients;
import lab.onion.load.client.Payload;
import lab.onion.load.client.Session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The echo line protocol (TCP 8081): N connections, K lines in flight on each, every reply
 * checked; directly, or through a SOCKS5 proxy (the onion proxy) to a destination named as the
 * proxy's exit sees it.
 */
public final class EchoTcpScenario implements Scenario {

    private final String name;
    private final InetSocketAddress address;
    private final InetSocketAddress socks;
    private final int connections;
    private final int inFlight;
    private final int lineSize;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final byte[] line;
    private final byte[] reply;
    private final int connectTimeoutMillis;

    public EchoTcpScenario(Vertx vertx, InetSocketAddress address, int connections, int inFlight, int lineSize,
                           long seed, int connectTimeoutMillis) {
        this("echo-tcp", vertx, address, null, connections, inFlight, lineSize, seed, connectTimeoutMillis);
    }

    /**
     * @param address the destination; with {@code socks}, unresolved: the proxy resolves the name
     * @param socks   the SOCKS5 proxy to connect through, or null for a direct connection; its
     *                handshake must be done within {@code connectTimeoutMillis} too
     */
    public EchoTcpScenario(String name, Vertx vertx, InetSocketAddress address, InetSocketAddress socks,
                           int connections, int inFlight, int lineSize, long seed, int connectTimeoutMillis) {
        this.name = name;
        this.address = address;
        this.socks = socks;
        this.connections = connections;
        this.inFlight = inFlight;
        this.lineSize = lineSize;
        // Quarkus's own Vert.x event loops carry the connections: no second set of threads.
        this.group = vertx.nettyEventLoopGroup();
        String text = Payload.text(lineSize, seed);
        this.line = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        this.reply = (Payload.upper(text) + "\n").getBytes(StandardCharsets.US_ASCII);
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.bootstrap = TcpClients.bootstrap(vertx, socks != null, connectTimeoutMillis).remoteAddress(address);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String target() {
        String destination = address.getHostString() + ":" + address.getPort();
        return socks == null ? destination
                : "socks5 " + socks.getHostString() + ":" + socks.getPort() + " -> " + destination;
    }

    /** The line each request sends, with its newline. */
    public int lineBytes() {
        return line.length;
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
        return new EchoTcpSession(bootstrap.clone(), socks == null ? null : this::socksHandler, group.next(), line,
                reply, inFlight);
    }

    private Socks5ProxyHandler socksHandler() {
        return TcpClients.socks(socks, connectTimeoutMillis);
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
