package lab.onion.relay.exit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.cell.RelayMsg;
import lab.onion.relay.link.Flusher;
import lab.onion.relay.link.NettyTransport;
import lab.onion.relay.stream.StreamHost;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Opens exit streams: BEGIN, then the policy on the name, DNS resolution (off the event loop),
 * the policy on the address, the TCP connection, then CONNECTED, or END with the reason
 * tor-spec 6.3 gives for what failed.
 */
public final class ExitConnector {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final ExitPolicy policy;
    private final NettyTransport transport;
    private final Flusher flusher;
    private final Executor resolver;
    private final Duration connectTimeout;

    public ExitConnector(ExitPolicy policy, NettyTransport transport, Flusher flusher, Executor resolver,
                         Duration connectTimeout) {
        this.policy = policy;
        this.transport = transport;
        this.flusher = flusher;
        this.resolver = resolver;
        this.connectTimeout = connectTimeout;
    }

    /** Starts a stream for a BEGIN; its CONNECTED or END follows on the event loop. */
    public ExitStream open(int streamId, String label, StreamHost host, RelayMsg.Begin begin) {
        ExitStream stream = new ExitStream(streamId, label, host, flusher);
        String target = begin.host() + ":" + begin.port();
        stream.connecting(target);
        if (!policy.mayAccept(begin.host(), begin.port())) {
            stream.failed(EndReason.EXITPOLICY, null, "no rule accepts " + target);
            return stream;
        }
        if (isLiteral(begin.host())) {
            try {
                decide(stream, begin, InetAddress.getByName(unbracket(begin.host())));
            } catch (UnknownHostException e) {
                stream.failed(EndReason.RESOLVEFAILED, null, e.getMessage());
            }
            return stream;
        }
        resolver.execute(() -> {
            InetAddress resolved = null;
            String problem = null;
            try {
                resolved = pick(InetAddress.getAllByName(begin.host()));
            } catch (UnknownHostException e) {
                problem = "cannot resolve " + begin.host();
            }
            InetAddress address = resolved;
            String failure = problem;
            transport.loop().execute(() -> {
                if (stream.isClosed()) {
                    return;
                }
                if (failure != null) {
                    stream.failed(EndReason.RESOLVEFAILED, null, failure);
                } else {
                    decide(stream, begin, address);
                }
            });
        });
        return stream;
    }

    private void decide(ExitStream stream, RelayMsg.Begin begin, InetAddress address) {
        ExitDecision decision = policy.evaluate(begin.host(), address, begin.port());
        if (!decision.accepted()) {
            stream.failed(EndReason.EXITPOLICY, address, decision.reason());
            return;
        }
        ChannelFuture connect = new Bootstrap()
                .group(transport.loop())
                .channel(transport.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(stream.new DestinationHandler())
                .connect(address, begin.port());
        connect.addListener(done -> {
            if (done.isSuccess()) {
                stream.connected(connect.channel(), address);
            } else {
                stream.failed(reason(done.cause()), null, String.valueOf(done.cause().getMessage()));
            }
        });
    }

    static EndReason reason(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return EndReason.TIMEOUT;
        }
        if (cause instanceof NoRouteToHostException) {
            return EndReason.NOROUTE;
        }
        if (cause instanceof ConnectException) {
            return EndReason.CONNECTREFUSED;
        }
        if (cause instanceof UnknownHostException) {
            return EndReason.RESOLVEFAILED;
        }
        return EndReason.MISC;
    }

    /** IPv4 first, as tor-spec 6.2 says by default. */
    private static InetAddress pick(InetAddress[] addresses) {
        for (InetAddress address : addresses) {
            if (address instanceof Inet4Address) {
                return address;
            }
        }
        return addresses[0];
    }

    private static boolean isLiteral(String host) {
        return IPV4_LITERAL.matcher(host).matches() || host.startsWith("[");
    }

    private static String unbracket(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    public ExitPolicy policy() {
        return policy;
    }
}
