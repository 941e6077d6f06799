package lab.onion.directory.descriptor;

/** A relay's "still alive", signed by its identity key. */
public record Heartbeat(byte[] identityKey, long sentUnixMs, byte[] signature) {

    /** Domain separation tag of heartbeat-signing-bytes. */
    public static final String SIGNING_TAG = "onionlab-relay-heartbeat-v1";

    /** heartbeat-signing-bytes: the tag, the identity key, the send time. */
    public static byte[] signingBytes(byte[] identityKey, long sentUnixMs) {
        return new CanonicalWriter().text(SIGNING_TAG).key(identityKey).u64(sentUnixMs).toByteArray();
    }

    public byte[] signingBytes() {
        return signingBytes(identityKey, sentUnixMs);
    }
}
