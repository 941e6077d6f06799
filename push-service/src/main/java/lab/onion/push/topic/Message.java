package lab.onion.push.topic;

import io.netty.buffer.ByteBuf;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One published message, immutable and shared by the history and every subscriber queue.
 * <p>
 * Besides its fields it keeps the bytes the push transports write for it (a WebSocket frame, an SSE event):
 * each encoded once by the first subscriber that needs them and then shared by all subscribers, so a
 * message costs one encoding per transport, not one per subscriber.
 */
public final class Message implements Outbound {

    private final long seq;
    private final long ts;
    private final String data;
    private final String frame;
    private final long size;
    /** Indexed by {@link Wire#ordinal()}; an encoding is a pure function of the message, so a race only wastes one. */
    private final AtomicReferenceArray<ByteBuf> wire = new AtomicReferenceArray<>(Wire.values().length);

    /** The ways a push transport writes a message, each encoded at most once per message. */
    public enum Wire {
        /** A WebSocket text frame. */
        WEBSOCKET_FRAME,
        /** An SSE event, as an HTTP/2 stream carries it. */
        SSE_EVENT,
        /** An SSE event in an HTTP/1.1 chunk. */
        SSE_CHUNK
    }

    /**
     * @param seq   sequence number within its topic: 1, 2, 3, ...
     * @param ts    publish time, epoch milliseconds
     * @param data  the message as JSON text (a published JSON value, or the body as a JSON string)
     * @param frame {@code {"seq":N,"data":...,"ts":T,"epoch":"E"}}: a WebSocket frame's text, an SSE event's data
     * @param size  bytes this message counts for in history and queue limits
     */
    Message(long seq, long ts, String data, String frame, long size) {
        this.seq = seq;
        this.ts = ts;
        this.data = data;
        this.frame = frame;
        this.size = size;
    }

    static Message of(long seq, long ts, String data, long bodyBytes, String epoch) {
        String frame = "{\"seq\":" + seq + ",\"data\":" + data + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}";
        return new Message(seq, ts, data, frame, bodyBytes + (frame.length() - data.length()));
    }

    public long seq() {
        return seq;
    }

    public long ts() {
        return ts;
    }

    public String data() {
        return data;
    }

    public String frame() {
        return frame;
    }

    public long size() {
        return size;
    }

    /**
     * The bytes a transport writes for this message, as a duplicate of the shared encoding (its own reader index;
     * the content is shared and must not be changed).
     *
     * @param kind   which encoding
     * @param encode makes the encoding the first time; it must return an unreleasable buffer (see
     *               {@code Unpooled.unreleasableBuffer}), since every write of a duplicate releases it once
     */
    public ByteBuf wire(Wire kind, Function<Message, ByteBuf> encode) {
        ByteBuf encoded = wire.get(kind.ordinal());
        if (encoded == null) {
            encoded = encode.apply(this);
            if (!wire.compareAndSet(kind.ordinal(), null, encoded)) {
                encoded = wire.get(kind.ordinal());
            }
        }
        return encoded.duplicate();
    }

    @Override
    public String toString() {
        return "Message[seq=" + seq + ", ts=" + ts + ", size=" + size + "]";
    }
}
