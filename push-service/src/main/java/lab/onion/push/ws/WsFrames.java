package lab.onion.push.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import lab.onion.push.topic.Message;

import java.nio.charset.StandardCharsets;

/**
 * WebSocket text frames as bytes on the wire (RFC 6455 section 5.2), made once per message and written as they are
 * to every subscriber's connection: a server frame is not masked, so the same bytes fit every connection.
 * <p>
 * The frames are never compressed, even on a connection that negotiated {@code permessage-deflate}: RFC 7692 lets
 * a sender send any message uncompressed (RSV1 clear), and compressing per connection is the per-subscriber work
 * this encoding exists to avoid.
 */
final class WsFrames {

    /** FIN (a whole message in one frame) and opcode 1 (text). */
    private static final int FIN_TEXT = 0x81;

    private WsFrames() {
    }

    /** A message's frame, {@code {"seq":N,"data":...,"ts":T,"epoch":E}}, to be shared by all subscribers. */
    static ByteBuf message(Message message) {
        return text(message.frame());
    }

    /**
     * One text frame carrying {@code text}, in an unreleasable buffer: share it by writing duplicates, which the
     * channel may release as often as it likes.
     */
    static ByteBuf text(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = Unpooled.buffer(header + length, header + length);
        frame.writeByte(FIN_TEXT);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        frame.writeBytes(payload);
        return Unpooled.unreleasableBuffer(frame);
    }
}
