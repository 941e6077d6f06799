package lab.onion.echo.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Uppercases one line of bytes into an output buffer.
 *
 * <p>ASCII, the common case, is done byte by byte without decoding. A line that is valid UTF-8 is
 * uppercased by Unicode rules ({@code "straße"} becomes {@code "STRASSE"}). A line that is not
 * valid UTF-8 has only its ASCII letters uppercased and every other byte passed through unchanged,
 * so nothing the client sent is lost or replaced.
 *
 * <p>One instance per event-loop thread: the decoder it reuses is not thread-safe.
 */
final class Uppercase {

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Writes {@code line} (readable bytes, not consumed) uppercased into {@code out}. */
    void write(ByteBuf line, ByteBuf out) {
        int start = line.readerIndex();
        int end = line.writerIndex();
        if (isAscii(line, start, end) || !writeUnicode(line, out)) {
            writeAscii(line, start, end, out);
        }
    }

    private static boolean isAscii(ByteBuf line, int start, int end) {
        for (int i = start; i < end; i++) {
            if (line.getByte(i) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void writeAscii(ByteBuf line, int start, int end, ByteBuf out) {
        out.ensureWritable(end - start);
        for (int i = start; i < end; i++) {
            byte b = line.getByte(i);
            out.writeByte(b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b);
        }
    }

    /** Returns false, writing nothing, when the line is not valid UTF-8. */
    private boolean writeUnicode(ByteBuf line, ByteBuf out) {
        ByteBuffer bytes = line.nioBuffer();
        CharBuffer chars;
        try {
            chars = utf8.reset().decode(bytes);
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
        ByteBufUtil.writeUtf8(out, chars.toString().toUpperCase(Locale.ROOT));
        return true;
    }
}
