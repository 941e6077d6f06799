package lab.onion.echo.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Uppercases one line of bytes into an output buffer.
 *
 * <p>ASCII, the common case, is uppercased without decoding, through a small reused array. A line
 * that is valid UTF-8 is uppercased by Unicode rules ({@code "straße"} becomes {@code "STRASSE"}).
 * A line that is not valid UTF-8 has only its ASCII letters uppercased and every other byte passed
 * through unchanged, so nothing the client sent is lost or replaced.
 *
 * <p>Not thread-safe (the decoder and the array are reused): one instance per connection.
 */
final class Uppercase {

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** ASCII is uppercased through this array, a piece at a time: bulk copies and a plain loop. */
    private final byte[] piece = new byte[2048];

    /** Writes {@code line} (readable bytes, not consumed) uppercased into {@code out}. */
    void write(ByteBuf line, ByteBuf out) {
        int mark = out.writerIndex();
        if (!writeAscii(line, out)) {
            writeUnicodeInstead(line, out, mark); // when not UTF-8, what writeAscii wrote stands
        }
    }

    /**
     * Copies {@code line} to {@code out} with its ASCII letters uppercased and every other byte
     * unchanged; returns whether every byte was ASCII.
     */
    private boolean writeAscii(ByteBuf line, ByteBuf out) {
        out.ensureWritable(line.readableBytes());
        int negative = 0;
        for (int from = line.readerIndex(), end = line.writerIndex(); from < end; ) {
            int n = Math.min(piece.length, end - from);
            line.getBytes(from, piece, 0, n);
            for (int i = 0; i < n; i++) {
                byte b = piece[i];
                negative |= b;
                piece[i] = b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b;
            }
            out.writeBytes(piece, 0, n);
            from += n;
        }
        return negative >= 0;
    }

    /** When {@code line} is valid UTF-8, replaces what was written from {@code mark} on by its Unicode uppercase. */
    private void writeUnicodeInstead(ByteBuf line, ByteBuf out, int mark) {
        CharBuffer chars;
        try {
            chars = utf8.reset().decode(line.nioBuffer());
        } catch (CharacterCodingException notUtf8) {
            return;
        }
        out.writerIndex(mark);
        ByteBufUtil.writeUtf8(out, chars.toString().toUpperCase(Locale.ROOT));
    }
}
