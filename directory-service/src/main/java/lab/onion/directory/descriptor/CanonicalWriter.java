package lab.onion.directory.descriptor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The primitives of the lab's signed encodings (documented in directory.proto): unsigned
 * big-endian integers, {@code text} as a u16 byte length and UTF-8 bytes, and raw 32-byte keys.
 * Nothing here is optional or variable in layout, so two honest encoders produce the same bytes.
 */
public final class CanonicalWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public CanonicalWriter u8(int value) {
        requireRange(value, 0xff, "u8");
        out.write(value);
        return this;
    }

    public CanonicalWriter u16(int value) {
        requireRange(value, 0xffff, "u16");
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public CanonicalWriter u32(long value) {
        requireRange(value, 0xffff_ffffL, "u32");
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** A non-negative long as 8 bytes (the encodings carry no value of 2^63 or more). */
    public CanonicalWriter u64(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("u64 out of range: " + value);
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    public CanonicalWriter text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        u16(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    public CanonicalWriter key(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("key must be 32 bytes, got " + (key == null ? "none" : key.length));
        }
        out.writeBytes(key);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private static void requireRange(long value, long max, String type) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(type + " out of range: " + value);
        }
    }
}
