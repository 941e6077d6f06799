package lab.onion.relay.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * What one channel is sent during a loop round, gathered in pooled buffers of {@link #CHUNK}
 * bytes (a cell is encoded straight into one) and handed to the channel with one flush after the
 * round, by the node's {@link Flusher}. A round that relays a 64 KiB read of 127 cells makes four
 * writes instead of 127 buffers, 127 outbound-buffer entries and their bookkeeping.
 *
 * <p>Used only on the channel's event loop. Anything written to the channel directly must come
 * after {@link #flush()}, or it would overtake what is gathered here.
 */
public final class BatchWriter {

    static final int CHUNK = 16 * 1024;

    private final Channel channel;
    private final Flusher flusher;
    private ByteBuf current;
    private boolean scheduled;

    BatchWriter(Channel channel, Flusher flusher) {
        this.channel = channel;
        this.flusher = flusher;
    }

    /**
     * A buffer with room for {@code bytes} more, to append to at once: it goes out with this
     * round's flush.
     */
    public ByteBuf reserve(int bytes) {
        if (current != null && current.writableBytes() < bytes) {
            channel.write(current, channel.voidPromise());
            current = null;
        }
        if (current == null) {
            current = channel.alloc().ioBuffer(Math.max(CHUNK, bytes));
        }
        if (!scheduled) {
            scheduled = true;
            flusher.schedule(this);
        }
        return current;
    }

    /** Appends {@code data} (copied). */
    public void write(byte[] data) {
        reserve(data.length).writeBytes(data);
    }

    /**
     * Hands what is gathered to the channel and flushes it. The flusher calls this after the
     * round; call it before writing to the channel directly or closing it.
     */
    public void flush() {
        scheduled = false;
        if (current != null) {
            ByteBuf gathered = current;
            current = null;
            if (gathered.isReadable() && channel.isActive()) {
                channel.write(gathered, channel.voidPromise());
            } else {
                gathered.release();
            }
        }
        channel.flush();
    }

    public Channel channel() {
        return channel;
    }
}
