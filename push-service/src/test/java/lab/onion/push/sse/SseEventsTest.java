package lab.onion.push.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events the gateway writes as bytes, for each combination of name and id, and as HTTP/1.1 chunks read back by
 * Netty's own response decoder, over the edges of the chunk size's hex digits. No sockets.
 */
class SseEventsTest {

    @ParameterizedTest(name = "event {0}, id {1}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "-     | 4  | {\"seq\":4}         | id: 4\\ndata: {\"seq\":4}\\n\\n",
            "gap   | 20 | {\"type\":\"gap\"}   | event: gap\\nid: 20\\ndata: {\"type\":\"gap\"}\\n\\n",
            "reset | 0  | {\"type\":\"reset\"} | event: reset\\nid: 0\\ndata: {\"type\":\"reset\"}\\n\\n",
            "error | -  | {\"type\":\"error\"} | event: error\\ndata: {\"type\":\"error\"}\\n\\n",
            "-     | -  | \"\u00e9t\u00e9\"         | data: \"\u00e9t\u00e9\"\\n\\n",
    })
    void anEventIsItsFieldsThenABlankLine(String name, String id, String data, String expected) {
        String wire = SseEvents.event(name, id, data).toString(StandardCharsets.UTF_8);
        assertEquals(expected.replace("\\n", "\n"), wire);
    }

    @ParameterizedTest(name = "an event of {0} bytes")
    @ValueSource(ints = {15, 16, 255, 256, 4095, 4096, 70_000})
    void anEventInAChunkDecodesToItsBytes(int length) {
        String data = "x".repeat(length - "data: \n\n".length());
        ByteBuf event = SseEvents.event(null, null, data);
        assertEquals(length, event.readableBytes());
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder());
        client.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                StandardCharsets.US_ASCII));
        assertTrue(client.readInbound() instanceof HttpResponse);
        ByteBuf chunk = SseEvents.chunk(event);
        client.writeInbound(Unpooled.wrappedBuffer(chunk.duplicate(), chunk.duplicate()));
        StringBuilder body = new StringBuilder();
        for (Object part; (part = client.readInbound()) != null; ) {
            HttpContent content = (HttpContent) part;
            assertFalse(content instanceof LastHttpContent, "a chunk is not the end of the body");
            body.append(content.content().toString(StandardCharsets.UTF_8));
            content.release();
        }
        assertEquals(("data: " + data + "\n\n").repeat(2), body.toString());
        assertEquals(length, event.readableBytes(), "the shared event is left as it was");
    }
}
