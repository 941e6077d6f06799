package lab.onion.relay.exit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.cell.RelayMsg;
import lab.onion.relay.link.BatchWriter;
import lab.onion.relay.link.Flusher;
import lab.onion.relay.stream.DeliverWindow;
import lab.onion.relay.stream.FlowControl;
import lab.onion.relay.stream.StreamHost;
import lab.onion.relay.stream.StreamPackager;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream at the exit: the TCP connection to the destination and the byte pump between it
 * and the circuit, under the stream's SENDME windows (tor-spec 6.2, 6.3, 7.4). DATA that
 * arrives before the connection is up (optimistic data) waits here.
 */
public final class ExitStream {

    private static final Logger LOG = Logger.getLogger(ExitStream.class);
    /** CONNECTED's TTL: how long the client may cache the address (seconds). */
    static final int TTL = 60;

    private enum State { RESOLVING, CONNECTING, OPEN, CLOSED }

    private final int streamId;
    private final String label;
    private final StreamHost host;
    private final Flusher flusher;
    private final StreamPackager packager;
    private final DeliverWindow deliverWindow = FlowControl.streamDeliverWindow();
    private final List<byte[]> early = new ArrayList<>();
    private State state = State.RESOLVING;
    private Channel channel;
    private BatchWriter out;
    private String destination;
    private boolean destinationDone;
    private long bytesIn;
    private long bytesOut;

    ExitStream(int streamId, String label, StreamHost host, Flusher flusher) {
        this.streamId = streamId;
        this.label = label;
        this.host = host;
        this.flusher = flusher;
        this.packager = new StreamPackager(streamId, host);
    }

    // ---- from the circuit ----

    /**
     * DATA from the client for the destination.
     *
     * @return null, or the protocol violation that must close the circuit
     */
    public String onData(byte[] data) {
        if (state == State.CLOSED) {
            return null; // crossed with our END; tor-spec 6.3 lets the other side finish
        }
        if (!deliverWindow.delivered()) {
            return "stream " + streamId + " DATA beyond its window of " + FlowControl.STREAM_WINDOW;
        }
        bytesIn += data.length;
        if (state == State.OPEN) {
            out.write(data);
            maybeSendSendme();
        } else {
            early.add(data);
        }
        return null;
    }

    /** A stream-level SENDME: returns null, or the protocol violation. */
    public String onSendme() {
        if (state == State.CLOSED) {
            return null;
        }
        if (!packager.sendmeReceived()) {
            return "stream " + streamId + " SENDME beyond its window";
        }
        afterDrain();
        return null;
    }

    /** The client ended the stream: close the connection once what it sent is written. */
    public void onEnd(EndReason reason) {
        close("ended by the client (" + reason + ")");
        if (channel != null) {
            out.flush();
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The circuit's package window opened again: send what waited. */
    public void circuitWindowOpened() {
        if (state == State.OPEN) {
            afterDrain();
        }
    }

    /** The circuit is gone: drop the connection. */
    public void circuitClosed() {
        close("circuit closed");
        if (channel != null) {
            channel.close();
        }
    }

    // ---- from the connector ----

    void connecting(String destination) {
        this.destination = destination;
        state = State.CONNECTING;
    }

    /** Refused or failed before a connection existed: END with a reason (and the address for EXITPOLICY). */
    void failed(EndReason reason, InetAddress refused, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        RelayMsg.End end = refused != null ? new RelayMsg.End(reason, refused, TTL) : new RelayMsg.End(reason);
        host.sendStreamMsg(streamId, end);
        LOG.infof("stream %d on %s to %s refused: %s, %s", streamId, label, destination, reason, detail);
        close(null);
    }

    void connected(Channel channel, InetAddress address) {
        if (state == State.CLOSED) {
            channel.close();
            return;
        }
        this.channel = channel;
        this.out = flusher.writer(channel);
        state = State.OPEN;
        host.sendStreamMsg(streamId, new RelayMsg.Connected(address, TTL));
        for (byte[] data : early) {
            out.write(data);
        }
        early.clear();
        maybeSendSendme();
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    // ---- from the destination ----

    private void fromDestination(ByteBuf data) {
        bytesOut += data.readableBytes();
        packager.offer(data);
        if (packager.pendingBytes() > 0) {
            channel.config().setAutoRead(false); // a window is closed: stop reading until a SENDME
        }
    }

    private void afterDrain() {
        boolean empty = packager.drain();
        if (empty) {
            if (destinationDone) {
                endFromExit(EndReason.DONE);
            } else if (channel != null && channel.isActive()) {
                channel.config().setAutoRead(true);
            }
        }
    }

    private void destinationClosed() {
        destinationDone = true;
        if (state == State.OPEN && packager.pendingBytes() == 0) {
            endFromExit(EndReason.DONE);
        }
    }

    private void endFromExit(EndReason reason) {
        if (state != State.OPEN) {
            return;
        }
        host.sendStreamMsg(streamId, new RelayMsg.End(reason));
        close("ended by the destination (" + reason + ")");
        if (channel != null) {
            channel.close();
        }
    }

    private void maybeSendSendme() {
        while (deliverWindow.sendmeDue() && channel.isWritable()) {
            host.sendStreamMsg(streamId, RelayMsg.Sendme.empty());
            deliverWindow.sendmeSent();
        }
    }

    private void close(String why) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSED;
        early.clear();
        packager.release();
        host.streamClosed(streamId);
        if (why != null && wasOpen) {
            LOG.infof("stream %d on %s to %s closed, %s: %d bytes to it, %d from it", streamId, label,
                    destination, why, bytesIn, bytesOut);
        }
    }

    /** The destination connection's handler: bytes in, writability, close. */
    final class DestinationHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            try {
                if (state == State.OPEN) {
                    fromDestination(data);
                }
            } finally {
                data.release();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (state == State.OPEN && ctx.channel().isWritable()) {
                maybeSendSendme(); // the client may send more once the destination takes it
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            destinationClosed();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debugf("stream %d on %s: %s", streamId, label, cause.toString());
            ctx.close();
        }
    }
}
