package lab.onion.echo.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The uppercasing itself, on lines longer than the array it works through. */
class UppercaseTest {

    private final Uppercase uppercase = new Uppercase();

    @Test
    void uppercasesALongAsciiLineAndLeavesWhatIsAlreadyWrittenAlone() {
        String line = "abc xyz ABC 019 {|}~`@[".repeat(1000);
        ByteBuf out = Unpooled.buffer().writeBytes("kept ".getBytes(StandardCharsets.US_ASCII));
        uppercase.write(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII), out);
        assertEquals("kept " + line.replace("abc xyz", "ABC XYZ"), out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void uppercasesByUnicodeRulesWhenTheOnlyNonAsciiCharacterIsFarIntoTheLine() {
        String line = "x".repeat(5000) + "straße";
        ByteBuf out = Unpooled.buffer().writeBytes("kept ".getBytes(StandardCharsets.US_ASCII));
        uppercase.write(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8), out);
        assertEquals("kept " + "X".repeat(5000) + "STRASSE", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passesABytePastThePieceThroughUnchangedWhenTheLineIsNotUtf8() {
        byte[] line = ("y".repeat(3000) + "caf\u00e9 ok").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf out = Unpooled.buffer();
        uppercase.write(Unpooled.wrappedBuffer(line), out);
        byte[] expected = ("Y".repeat(3000) + "CAF\u00e9 OK").getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, ByteBufUtil.getBytes(out));
    }
}
