package lab.onion.push.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import lab.onion.push.topic.Message;

import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events as bytes on the wire (the {@code text/event-stream} format of the HTML standard): made once
 * per message and written as they are to every subscriber's response.
 * <ul>
 *   <li>a message: {@code id: N}, {@code data: {"seq":N,"data":...,"ts":T,"epoch":E}} (the default {@code message}
 *       event)</li>
 *   <li>a signal: {@code event: gap} or {@code reset}, {@code id:} the position the stream continues after (so a
 *       reconnect resumes after the signal), {@code data:} its JSON</li>
 *   <li>the end: {@code event: error}, {@code data:} why</li>
 * </ul>
 * Every {@code data} is one line: the JSON the gateway writes never contains a raw line break (JSON strings escape
 * theirs). Over HTTP/1.1 each event is also one chunk of the chunked response body, framed here too.
 */
final class SseEvents {

    private SseEvents() {
    }

    /** A message's event, to be shared by all subscribers. */
    static ByteBuf message(Message message) {
        return event(null, Long.toString(message.seq()), message.frame());
    }

    /** A message's event as an HTTP/1.1 chunk, to be shared by all subscribers. */
    static ByteBuf messageChunk(Message message) {
        return chunk(message(message));
    }

    /** One HTTP/1.1 chunk (RFC 9112 section 7.1) carrying an event: its size in hex, CRLF, the event, CRLF. */
    static ByteBuf chunk(ByteBuf event) {
        byte[] size = (Integer.toHexString(event.readableBytes()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuf chunk = Unpooled.buffer(size.length + event.readableBytes() + 2);
        chunk.writeBytes(size).writeBytes(event.duplicate()).writeByte('\r').writeByte('\n');
        return Unpooled.unreleasableBuffer(chunk);
    }

    /**
     * One event, in an unreleasable buffer: share it by writing duplicates, which the channel may release as often
     * as it likes.
     *
     * @param name the event type, or {@code null} for the default ({@code message})
     * @param id   the event id, or {@code null} for none
     * @param data one line of data
     */
    static ByteBuf event(String name, String id, String data) {
        StringBuilder event = new StringBuilder(data.length() + 48);
        if (name != null) {
            event.append("event: ").append(name).append('\n');
        }
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        event.append("data: ").append(data).append("\n\n");
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(event.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
