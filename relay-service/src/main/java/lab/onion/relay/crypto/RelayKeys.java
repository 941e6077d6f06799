package lab.onion.relay.crypto;

import java.security.SecureRandom;

/**
 * A relay's long-term keys (ARCHITECTURE.md): an Ed25519 identity key, whose SHA-1 is the node
 * ID, and a curve25519 ntor onion key. Only the two 32-byte secrets need storing.
 */
public final class RelayKeys {

    private final byte[] identitySecret;
    private final byte[] identityKey;
    private final byte[] onionSecret;
    private final byte[] onionKey;
    private final byte[] nodeId;
    /** The onion key prepared once, for every CREATE2 this relay answers. */
    private final Ntor.RelaySecretKey ntorSecretKey;

    private RelayKeys(byte[] identitySecret, byte[] onionSecret) {
        this.identitySecret = identitySecret.clone();
        this.onionSecret = onionSecret.clone();
        this.identityKey = Ed25519.publicKey(identitySecret);
        this.nodeId = NodeId.of(identityKey);
        X25519.Secret onion = X25519.secret(onionSecret);
        this.onionKey = onion.publicKey();
        this.ntorSecretKey = new Ntor.RelaySecretKey(ntorPublicKey(), onion);
    }

    public static RelayKeys generate(SecureRandom random) {
        return new RelayKeys(Ed25519.generatePrivateKey(random), X25519.generatePrivateKey(random));
    }

    public static RelayKeys fromSecrets(byte[] identitySecret, byte[] onionSecret) {
        return new RelayKeys(identitySecret, onionSecret);
    }

    public byte[] identitySecret() {
        return identitySecret.clone();
    }

    /** The Ed25519 identity public key (EXTEND2 link specifier type 3). */
    public byte[] identityKey() {
        return identityKey.clone();
    }

    public byte[] onionSecret() {
        return onionSecret.clone();
    }

    /** The ntor onion key B. */
    public byte[] onionKey() {
        return onionKey.clone();
    }

    /** SHA-1 of the identity key: ntor's ID and EXTEND2's legacy identity (type 2). */
    public byte[] nodeId() {
        return nodeId.clone();
    }

    public Ntor.RelayPublicKey ntorPublicKey() {
        return new Ntor.RelayPublicKey(nodeId, onionKey);
    }

    public Ntor.RelaySecretKey ntorSecretKey() {
        return ntorSecretKey;
    }

    public byte[] sign(byte[] message) {
        return Ed25519.sign(identitySecret, message);
    }

    @Override
    public String toString() {
        return "RelayKeys[node " + lab.onion.relay.cell.Hex.of(nodeId) + "]";
    }
}
