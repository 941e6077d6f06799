package lab.onion.relay.crypto;

import java.util.Arrays;

/**
 * The keys one hop shares with the client after a handshake (tor-spec 5.2.2): the forward and
 * backward digest seeds Df, Db (20 bytes each) and the forward and backward AES-128 keys Kf, Kb
 * (16 bytes each), the first 72 bytes of the key expansion in that order. (KH, the next 20, is
 * used only by onion services.)
 */
public record CircuitKeys(byte[] df, byte[] db, byte[] kf, byte[] kb) {

    public static final int DIGEST_LEN = 20;
    public static final int KEY_LEN = 16;
    /** Key material needed: Df | Db | Kf | Kb. */
    public static final int MATERIAL_LEN = 2 * DIGEST_LEN + 2 * KEY_LEN;

    public CircuitKeys {
        df = df.clone();
        db = db.clone();
        kf = kf.clone();
        kb = kb.clone();
    }

    /** Splits key material {@code Df | Db | Kf | Kb | ...} (extra bytes are ignored). */
    public static CircuitKeys fromMaterial(byte[] k) {
        if (k.length < MATERIAL_LEN) {
            throw new IllegalArgumentException("key material of " + k.length + " bytes, need " + MATERIAL_LEN);
        }
        return new CircuitKeys(
                Arrays.copyOfRange(k, 0, 20),
                Arrays.copyOfRange(k, 20, 40),
                Arrays.copyOfRange(k, 40, 56),
                Arrays.copyOfRange(k, 56, 72));
    }

    @Override
    public byte[] df() {
        return df.clone();
    }

    @Override
    public byte[] db() {
        return db.clone();
    }

    @Override
    public byte[] kf() {
        return kf.clone();
    }

    @Override
    public byte[] kb() {
        return kb.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CircuitKeys other && Arrays.equals(other.df, df) && Arrays.equals(other.db, db)
                && Arrays.equals(other.kf, kf) && Arrays.equals(other.kb, kb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(df) * 31 + Arrays.hashCode(kf);
    }

    @Override
    public String toString() {
        return "CircuitKeys[redacted]";
    }
}
