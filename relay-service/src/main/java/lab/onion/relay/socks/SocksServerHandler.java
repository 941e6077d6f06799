package lab.onion.relay.socks;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandType;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5Message;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthStatus;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import io.netty.util.concurrent.ScheduledFuture;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.circuit.CircuitFailedException;
import lab.onion.relay.link.Flusher;
import lab.onion.relay.proxy.CircuitManager;
import lab.onion.relay.proxy.NoPathException;
import lab.onion.relay.stream.StreamRefusedException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One SOCKS5 client, one protocol step at a time: method selection, the optional
 * username/password (kept as the isolation key), then CONNECT, answered once the exit says
 * CONNECTED or END; then the pipeline becomes a {@link StreamPump}. A request we cannot serve
 * gets its exact SOCKS5 reply and the connection closes; no other client is touched.
 */
final class SocksServerHandler extends SimpleChannelInboundHandler<Socks5Message> {

    private static final Logger LOG = Logger.getLogger(SocksServerHandler.class);
    /** The isolation key of clients that do not authenticate. */
    static final String NO_USERNAME = "";

    private final CircuitManager circuits;
    private final Duration streamTimeout;
    private final Flusher flusher;
    private String isolationKey = NO_USERNAME;
    private boolean connecting;

    SocksServerHandler(CircuitManager circuits, Duration streamTimeout, Flusher flusher) {
        this.circuits = circuits;
        this.streamTimeout = streamTimeout;
        this.flusher = flusher;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Socks5Message msg) {
        DecoderResult result = msg.decoderResult();
        if (result.isFailure()) {
            malformed(ctx, msg, result.cause());
        } else if (msg instanceof Socks5InitialRequest initial) {
            if (initial.authMethods().contains(Socks5AuthMethod.PASSWORD)) {
                ctx.pipeline().replace(Socks5InitialRequestDecoder.class, "socks-auth",
                        new Socks5PasswordAuthRequestDecoder());
                ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.PASSWORD));
            } else if (initial.authMethods().contains(Socks5AuthMethod.NO_AUTH)) {
                ctx.pipeline().replace(Socks5InitialRequestDecoder.class, "socks-command",
                        new Socks5CommandRequestDecoder());
                ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.NO_AUTH));
            } else {
                ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.UNACCEPTED))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } else if (msg instanceof Socks5PasswordAuthRequest auth) {
            isolationKey = auth.username(); // any password: the username only isolates streams
            ctx.pipeline().replace(Socks5PasswordAuthRequestDecoder.class, "socks-command",
                    new Socks5CommandRequestDecoder());
            ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.SUCCESS));
        } else if (msg instanceof Socks5CommandRequest command && !connecting) {
            command(ctx, command);
        } else {
            ctx.close();
        }
    }

    private void malformed(ChannelHandlerContext ctx, Socks5Message msg, Throwable cause) {
        String why = cause != null && cause.getMessage() != null ? cause.getMessage() : String.valueOf(cause);
        LOG.debugf("SOCKS client %s: malformed %s: %s", ctx.channel().remoteAddress(),
                msg.getClass().getSimpleName(), why);
        if (msg instanceof Socks5CommandRequest && why.contains("address type")) {
            reply(ctx, Socks5CommandStatus.ADDRESS_UNSUPPORTED);
        } else {
            ctx.close(); // wrong version or garbage: nothing sensible to answer
        }
    }

    private void command(ChannelHandlerContext ctx, Socks5CommandRequest command) {
        if (!command.type().equals(Socks5CommandType.CONNECT)) {
            reply(ctx, Socks5CommandStatus.COMMAND_UNSUPPORTED);
            return;
        }
        Socks5AddressType type = command.dstAddrType();
        if (!type.equals(Socks5AddressType.DOMAIN) && !type.equals(Socks5AddressType.IPv4)) {
            reply(ctx, Socks5CommandStatus.ADDRESS_UNSUPPORTED);
            return;
        }
        String host = command.dstAddr().toLowerCase(java.util.Locale.ROOT);
        int port = command.dstPort();
        if (host.isEmpty() || port == 0) {
            reply(ctx, Socks5CommandStatus.ADDRESS_UNSUPPORTED);
            return;
        }
        connecting = true;
        ctx.channel().config().setAutoRead(false);
        ctx.pipeline().remove(Socks5CommandRequestDecoder.class);
        StreamPump pump = new StreamPump(ctx.channel(), host + ":" + port, isolationKey, flusher);
        ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
            LOG.infof("stream to %s:%d (SOCKS %s): no answer within %s", host, port,
                    ctx.channel().remoteAddress(), streamTimeout);
            reply(ctx, Socks5CommandStatus.TTL_EXPIRED);
        }, streamTimeout.toMillis(), TimeUnit.MILLISECONDS);
        circuits.openStream(isolationKey, host, port, pump).whenComplete((opened, failure) ->
                ctx.executor().execute(() -> {
                    timeout.cancel(false);
                    if (failure != null) {
                        refused(ctx, host, port, failure);
                    } else if (!ctx.channel().isActive()) {
                        opened.stream().close();
                        opened.circuit().streamClosed();
                    } else {
                        ctx.writeAndFlush(new DefaultSocks5CommandResponse(Socks5CommandStatus.SUCCESS,
                                Socks5AddressType.IPv4, "0.0.0.0", 0));
                        ctx.pipeline().remove(Socks5ServerEncoder.class);
                        ctx.pipeline().replace(this, "stream-pump", pump);
                        pump.attach(opened.stream(), opened.circuit());
                    }
                }));
    }

    private void refused(ChannelHandlerContext ctx, String host, int port, Throwable failure) {
        Socks5CommandStatus status;
        if (failure instanceof StreamRefusedException refused) {
            status = statusFor(refused.reason());
        } else if (failure instanceof NoPathException noPath) {
            status = noPath.forbidden() ? Socks5CommandStatus.FORBIDDEN : Socks5CommandStatus.NETWORK_UNREACHABLE;
        } else if (failure instanceof CircuitFailedException) {
            status = Socks5CommandStatus.FAILURE;
        } else {
            status = Socks5CommandStatus.FAILURE;
        }
        LOG.infof("stream to %s:%d refused (isolation '%s'): %s -> SOCKS %s", host, port, isolationKey,
                failure.getMessage(), status);
        reply(ctx, status);
    }

    /** tor-spec's END reasons as SOCKS5 replies, as Tor maps them. */
    static Socks5CommandStatus statusFor(EndReason reason) {
        if (reason.equals(EndReason.EXITPOLICY)) {
            return Socks5CommandStatus.FORBIDDEN;
        } else if (reason.equals(EndReason.CONNECTREFUSED)) {
            return Socks5CommandStatus.CONNECTION_REFUSED;
        } else if (reason.equals(EndReason.RESOLVEFAILED) || reason.code() == 8 /* NOROUTE */) {
            return Socks5CommandStatus.HOST_UNREACHABLE;
        } else if (reason.equals(EndReason.TIMEOUT)) {
            return Socks5CommandStatus.TTL_EXPIRED;
        }
        return Socks5CommandStatus.FAILURE;
    }

    private static void reply(ChannelHandlerContext ctx, Socks5CommandStatus status) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new DefaultSocks5CommandResponse(status, Socks5AddressType.IPv4, "0.0.0.0", 0))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("SOCKS client %s: %s", ctx.channel().remoteAddress(), cause.getMessage());
        ctx.close();
    }

}
