package lab.onion.relay.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Random bytes for the padding of relay cells, cheaply: an AES-128-CTR keystream under a key
 * and counter drawn from the system's SecureRandom, as Tor's {@code crypto_fast_rng}. tor-spec
 * wants the padding unpredictable so that a SENDME's digest proves the cells were received
 * (proposal 289); asking the system RNG for every cell would cost a system call per cell.
 * Used only on the node's event loop.
 */
public final class CellPadding implements RandomGenerator {

    private final Cipher keystream;
    private final byte[] block = new byte[4096];
    private int next = block.length;

    public CellPadding(SecureRandom seed) {
        byte[] key = new byte[16];
        byte[] counter = new byte[16];
        seed.nextBytes(key);
        seed.nextBytes(counter);
        try {
            keystream = Cipher.getInstance("AES/CTR/NoPadding");
            keystream.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every JDK", e);
        }
    }

    @Override
    public long nextLong() {
        if (next + Long.BYTES > block.length) {
            refill();
        }
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = value << 8 | (block[next++] & 0xff);
        }
        return value;
    }

    private void refill() {
        java.util.Arrays.fill(block, (byte) 0);
        try {
            keystream.update(block, 0, block.length, block, 0); // zeros in, keystream out
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR update into an array of the same size", e);
        }
        next = 0;
    }
}
