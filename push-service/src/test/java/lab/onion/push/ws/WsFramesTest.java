package lab.onion.push.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frames the gateway writes as bytes, read back by Netty's own WebSocket decoder (as a client reads them:
 * unmasked), over the edges of the three length encodings. No sockets.
 */
class WsFramesTest {

    /** A client's decoder: server frames are not masked; large enough for the biggest frame here. */
    private static EmbeddedChannel client() {
        return new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
    }

    private static String text(int length) {
        return "x".repeat(length);
    }

    @ParameterizedTest(name = "{0} bytes of payload")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 100_000})
    void aFrameOfAnyLengthDecodesToItsText(int length) {
        EmbeddedChannel client = client();
        ByteBuf frame = WsFrames.text(text(length));
        int header = length < 126 ? 2 : length <= 65_535 ? 4 : 10;
        assertEquals(header + length, frame.readableBytes(), "the shortest length encoding");
        assertTrue(client.writeInbound(frame.duplicate()));
        TextWebSocketFrame decoded = client.readInbound();
        assertTrue(decoded.isFinalFragment());
        assertEquals(0, decoded.rsv(), "never compressed");
        assertEquals(text(length), decoded.text());
        decoded.release();
        assertNull(client.readInbound());
    }

    @Test
    void multiByteCharactersCountAsBytes() {
        EmbeddedChannel client = client();
        String text = "\u00e9\u20ac\uD83D\uDE00".repeat(30); // 2 + 3 + 4 bytes, 270 in all: a 16-bit length
        client.writeInbound(WsFrames.text(text));
        TextWebSocketFrame decoded = client.readInbound();
        assertEquals(text, decoded.text());
        decoded.release();
    }

    @Test
    void aSharedFrameSurvivesBeingWrittenAndReleasedManyTimes() {
        ByteBuf shared = WsFrames.text("{\"seq\":1}");
        CompositeByteBuf batch = Unpooled.compositeBuffer();
        for (int i = 0; i < 3; i++) {
            ByteBuf copy = shared.duplicate();
            copy.release(); // what a channel does after writing it
            batch.addComponent(true, shared.duplicate());
        }
        EmbeddedChannel client = client();
        client.writeInbound(batch);
        for (int i = 0; i < 3; i++) {
            TextWebSocketFrame decoded = client.readInbound();
            assertEquals("{\"seq\":1}", decoded.text(), "frame " + i + " of a batch");
            decoded.release();
        }
        assertEquals(11, shared.readableBytes());
    }
}
