package lab.onion.relay.crypto;

import lab.onion.relay.cell.RelayCell;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * One direction of one hop in "tor1" relay crypto (tor-spec 5.5 and 6.1): an AES-128-CTR
 * keystream (zero IV, one stream for the circuit's whole life in this direction) and a running
 * SHA-1 digest seeded with Df or Db over every relay body that originates at or is destined
 * for this hop.
 */
public final class CryptState {

    private final Cipher aes;
    private MessageDigest digest;

    public CryptState(byte[] aesKey, byte[] digestSeed) {
        try {
            aes = Cipher.getInstance("AES/CTR/NoPadding", JdkProviders.AES_CTR);
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[16]));
            digest = MessageDigest.getInstance("SHA-1", JdkProviders.SHA1);
            digest.update(digestSeed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR and SHA-1 are part of every JDK", e);
        }
    }

    /** Adds or removes this hop's layer, in place (CTR: both are the same XOR). */
    public void crypt(byte[] body) {
        try {
            aes.update(body, 0, body.length, body, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR update into an array of the same size", e);
        }
    }

    /**
     * Originating a cell at this hop: with Recognized zero and the Digest field zero, adds the
     * body to the running digest and writes the digest's first four bytes into the Digest field.
     */
    public void seal(byte[] body) {
        clearDigestField(body);
        digest.update(body);
        System.arraycopy(currentDigest(), 0, body, RelayCell.OFFSET_DIGEST, RelayCell.DIGEST_LEN);
    }

    /**
     * Whether a decrypted body is for this hop: Recognized is zero and the Digest field equals
     * the running digest over this body with the field zeroed. On a match the digest keeps the
     * body; otherwise it stays as it was (the trial ran on a copy), since the cell belongs to
     * another hop (tor-spec 6.1: "the running digest at that node should not be updated").
     */
    public boolean recognize(byte[] body) {
        if (body[RelayCell.OFFSET_RECOGNIZED] != 0 || body[RelayCell.OFFSET_RECOGNIZED + 1] != 0) {
            return false;
        }
        int received = digestField(body);
        MessageDigest trial = copy(digest);
        clearDigestField(body);
        trial.update(body);
        byte[] expected = copy(trial).digest();
        for (int i = 0; i < RelayCell.DIGEST_LEN; i++) {
            body[RelayCell.OFFSET_DIGEST + i] = (byte) (received >>> (24 - 8 * i));
        }
        if (digestField(expected, 0) != received) {
            return false;
        }
        digest = trial;
        return true;
    }

    /** The full 20-byte running digest after the last sealed or recognized body (SENDME v1). */
    public byte[] currentDigest() {
        return copy(digest).digest();
    }

    private static int digestField(byte[] body) {
        return digestField(body, RelayCell.OFFSET_DIGEST);
    }

    private static int digestField(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16 | (bytes[offset + 2] & 0xff) << 8
                | (bytes[offset + 3] & 0xff);
    }

    private static void clearDigestField(byte[] body) {
        for (int i = 0; i < RelayCell.DIGEST_LEN; i++) {
            body[RelayCell.OFFSET_DIGEST + i] = 0;
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-1 can be cloned", e);
        }
    }
}
