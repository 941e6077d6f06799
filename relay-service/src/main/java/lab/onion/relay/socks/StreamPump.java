package lab.onion.relay.socks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.link.BatchWriter;
import lab.onion.relay.link.Flusher;
import lab.onion.relay.proxy.CircuitManager;
import lab.onion.relay.stream.OnionStream;
import lab.onion.relay.stream.StreamListener;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The byte pump between a SOCKS connection and its onion stream, with back pressure both ways:
 * the socket is not read while the stream holds more than its high-water mark beyond the
 * windows, and the stream stops acknowledging DATA (so the exit stops sending) while the socket
 * is not writable. Everything runs on the client's event loop.
 */
final class StreamPump extends ChannelInboundHandlerAdapter implements StreamListener {

    private static final Logger LOG = Logger.getLogger(StreamPump.class);

    private final Channel channel;
    private final BatchWriter out;
    private final String target;
    private final String isolationKey;
    private final List<byte[]> early = new ArrayList<>();
    private OnionStream stream;
    private CircuitManager.CircuitHandle circuit;
    private long sent;
    private long received;
    private boolean done;

    StreamPump(Channel channel, String target, String isolationKey, Flusher flusher) {
        this.channel = channel;
        this.out = flusher.writer(channel);
        this.target = target;
        this.isolationKey = isolationKey;
    }

    /** CONNECTED arrived and the SOCKS reply is written: start pumping. */
    void attach(OnionStream stream, CircuitManager.CircuitHandle circuit) {
        this.stream = stream;
        this.circuit = circuit;
        LOG.infof("stream opened: %s (isolation '%s') on %s, stream %d", target, isolationKey, circuit.describe(),
                stream.streamId());
        for (byte[] data : early) {
            deliver(data);
        }
        early.clear();
        out.flush();
        stream.onWritabilityChanged(() -> channel.config().setAutoRead(stream.isWritable()));
        channel.config().setAutoRead(stream.isWritable());
    }

    // ---- SOCKS socket -> stream ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (stream != null && !done) {
                int length = buf.readableBytes();
                sent += length;
                circuit.sent(length);
                stream.writeOnLoop(buf);
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stream != null && !done) {
            stream.close();
            finish("the SOCKS client closed");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (stream != null) {
            if (channel.isWritable()) {
                stream.resumeDelivery();
            } else {
                stream.pauseDelivery();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("SOCKS connection for %s: %s", target, cause.getMessage());
        ctx.close();
    }

    // ---- stream -> SOCKS socket (on the loop) ----

    @Override
    public void onData(byte[] data) {
        if (stream == null) {
            early.add(data);
            return;
        }
        deliver(data); // gathered with the round's other DATA cells: one write and one flush after it
    }

    private void deliver(byte[] data) {
        received += data.length;
        circuit.received(data.length);
        out.write(data);
        if (!channel.isWritable()) {
            stream.pauseDelivery();
        }
    }

    @Override
    public void onEnd(EndReason reason) {
        if (stream == null) {
            return; // refused before CONNECTED: the SOCKS handler answers
        }
        if (!done) {
            finish("END " + reason);
            out.flush();
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void finish(String why) {
        done = true;
        circuit.streamClosed();
        LOG.infof("stream closed: %s (isolation '%s') on %s: %s, %d bytes sent, %d received", target, isolationKey,
                circuit.describe(), why, sent, received);
    }
}
