package lab.onion.relay.crypto;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import static lab.onion.relay.crypto.RawKeys.concat;

/**
 * The ntor circuit handshake, byte for byte as tor-spec 5.1.4 and 5.2.2 (Arti:
 * {@code tor-proto/src/crypto/handshake/ntor.rs}).
 *
 * <pre>
 * client -> relay   NODEID (20) | KEYID(B) (32) | X (32)           84 bytes, in CREATE2 / EXTEND2
 * relay             secret_input = EXP(X,y) | EXP(X,b) | ID | B | X | Y | PROTOID
 *                   KEY_SEED = H(secret_input, t_key); verify = H(secret_input, t_verify)
 *                   auth_input = verify | ID | B | Y | X | PROTOID | "Server"
 * relay -> client   Y (32) | AUTH = H(auth_input, t_mac) (32)       64 bytes, in CREATED2 / EXTENDED2
 * both              K = HKDF-SHA256(salt t_key, IKM secret_input, info m_expand) = Df | Db | Kf | Kb | KH
 * </pre>
 *
 * where H(x, t) is HMAC-SHA256 with message x and key t.
 */
public final class Ntor {

    public static final byte[] PROTOID = ascii("ntor-curve25519-sha256-1");
    public static final byte[] T_MAC = ascii("ntor-curve25519-sha256-1:mac");
    public static final byte[] T_KEY = ascii("ntor-curve25519-sha256-1:key_extract");
    public static final byte[] T_VERIFY = ascii("ntor-curve25519-sha256-1:verify");
    public static final byte[] M_EXPAND = ascii("ntor-curve25519-sha256-1:key_expand");
    private static final byte[] SERVER = ascii("Server");

    public static final int CLIENT_HANDSHAKE_LEN = NodeId.LEN + 32 + 32;
    public static final int SERVER_HANDSHAKE_LEN = 32 + 32;

    private Ntor() {
    }

    /** What a client needs to know of a relay: its node ID and its ntor onion key B. */
    public record RelayPublicKey(byte[] nodeId, byte[] onionKey) {
        public RelayPublicKey {
            if (nodeId.length != NodeId.LEN) {
                throw new IllegalArgumentException("node ID is " + nodeId.length + " bytes, not 20");
            }
            RawKeys.requireLength("ntor onion key", onionKey);
            nodeId = nodeId.clone();
            onionKey = onionKey.clone();
        }

        @Override
        public byte[] nodeId() {
            return nodeId.clone();
        }

        @Override
        public byte[] onionKey() {
            return onionKey.clone();
        }
    }

    /** What a relay holds to answer: its public half and the onion secret key b, prepared. */
    public static final class RelaySecretKey {
        private final RelayPublicKey publicKey;
        private final X25519.Secret onionSecret;

        public RelaySecretKey(RelayPublicKey publicKey, byte[] onionSecret) {
            this(publicKey, X25519.secret(onionSecret));
        }

        RelaySecretKey(RelayPublicKey publicKey, X25519.Secret onionSecret) {
            this.publicKey = publicKey;
            this.onionSecret = onionSecret;
        }

        public RelayPublicKey publicKey() {
            return publicKey;
        }
    }

    /** The client's state between sending its onion skin and reading the reply. */
    public static final class ClientState {
        private final RelayPublicKey relay;
        private final X25519.Secret x;
        private final byte[] publicX;
        /** EXP(B,x): known before the reply, so it may be computed while the skin is on its way. */
        private byte[] xb;

        private ClientState(RelayPublicKey relay, X25519.Secret x) {
            this.relay = relay;
            this.x = x;
            this.publicX = x.publicKey();
        }

        /** The client handshake: {@code NODEID | KEYID(B) | X}. */
        public byte[] onionSkin() {
            return concat(relay.nodeId, relay.onionKey, publicX);
        }

        /**
         * Computes EXP(B,x), the half of the client's work that needs no reply. Called once the
         * onion skin is sent, it runs while the relay works on its side instead of after the
         * reply arrives, taking one curve25519 operation per hop off the circuit's build time.
         * Optional: {@link #finish} does it otherwise.
         */
        public void precompute() {
            if (xb == null) {
                try {
                    xb = x.agree(relay.onionKey);
                } catch (InvalidKeyException e) {
                    // left to finish(), which reports it as a failed handshake
                }
            }
        }

        /**
         * Checks the relay's reply {@code Y | AUTH} and derives the keys.
         *
         * @throws HandshakeException when the reply is malformed, Y is degenerate or AUTH is wrong
         */
        public CircuitKeys finish(byte[] reply) throws HandshakeException {
            if (reply.length < SERVER_HANDSHAKE_LEN) {
                throw new HandshakeException("ntor reply is " + reply.length + " bytes, not " + SERVER_HANDSHAKE_LEN);
            }
            byte[] publicY = Arrays.copyOfRange(reply, 0, 32);
            byte[] auth = Arrays.copyOfRange(reply, 32, 64);
            byte[] xy;
            byte[] xb = this.xb;
            try {
                xy = x.agree(publicY);
                if (xb == null) {
                    xb = x.agree(relay.onionKey);
                }
            } catch (InvalidKeyException e) {
                throw new HandshakeException("ntor: EXP(Y,x) or EXP(B,x) is the point at infinity");
            }
            byte[] secretInput = secretInput(xy, xb, relay, publicX, publicY);
            if (!MessageDigest.isEqual(auth, auth(secretInput, relay, publicX, publicY))) {
                throw new HandshakeException("ntor: the relay's AUTH does not match (wrong relay or onion key?)");
            }
            x.close(); // the handshake is done: x is not needed again (after a failure, the garbage collector frees it)
            return CircuitKeys.fromMaterial(expand(secretInput, CircuitKeys.MATERIAL_LEN));
        }
    }

    /** The relay's reply and the keys it derived. */
    public record ServerResult(byte[] reply, CircuitKeys keys) {
        public ServerResult {
            reply = reply.clone();
        }

        @Override
        public byte[] reply() {
            return reply.clone();
        }
    }

    /** Starts a client handshake with a fresh ephemeral key x. */
    public static ClientState client(RelayPublicKey relay, SecureRandom random) {
        return new ClientState(relay, X25519.generateSecret(random));
    }

    /** Starts a client handshake with an ephemeral key made ahead (used for this handshake only). */
    public static ClientState client(RelayPublicKey relay, X25519.Secret x) {
        return new ClientState(relay, x);
    }

    /** Starts a client handshake with a given ephemeral key (test vectors). */
    public static ClientState client(RelayPublicKey relay, byte[] x) {
        return new ClientState(relay, X25519.secret(x));
    }

    /** The relay's side with a fresh ephemeral key y. */
    public static ServerResult server(RelaySecretKey key, byte[] onionSkin, SecureRandom random)
            throws HandshakeException {
        return server(key, onionSkin, ephemeral(random));
    }

    /** A fresh ephemeral key y (and Y), for one handshake: a relay makes it ahead of the CREATE2 it answers. */
    public static X25519.Secret ephemeral(SecureRandom random) {
        return X25519.generateSecret(random);
    }

    /** The relay's side with a given ephemeral key (test vectors). */
    public static ServerResult server(RelaySecretKey key, byte[] onionSkin, byte[] y) throws HandshakeException {
        return server(key, onionSkin, X25519.secret(y));
    }

    /**
     * The relay's side: checks that the onion skin is for this relay, computes the reply
     * {@code Y | AUTH} and the keys.
     *
     * @param y the relay's ephemeral key, closed here: it serves one handshake
     * @throws HandshakeException when the skin is malformed, names another relay or onion key,
     *                            or X is degenerate
     */
    public static ServerResult server(RelaySecretKey key, byte[] onionSkin, X25519.Secret y)
            throws HandshakeException {
        try (y) {
            return answer(key, onionSkin, y);
        }
    }

    private static ServerResult answer(RelaySecretKey key, byte[] onionSkin, X25519.Secret y)
            throws HandshakeException {
        if (onionSkin.length != CLIENT_HANDSHAKE_LEN) {
            throw new HandshakeException("ntor onion skin is " + onionSkin.length + " bytes, not "
                    + CLIENT_HANDSHAKE_LEN);
        }
        RelayPublicKey relay = key.publicKey();
        byte[] nodeId = Arrays.copyOfRange(onionSkin, 0, 20);
        byte[] keyId = Arrays.copyOfRange(onionSkin, 20, 52);
        byte[] publicX = Arrays.copyOfRange(onionSkin, 52, 84);
        if (!MessageDigest.isEqual(nodeId, relay.nodeId)) {
            throw new HandshakeException("ntor onion skin is for node " + lab.onion.relay.cell.Hex.of(nodeId)
                    + ", this relay is " + lab.onion.relay.cell.Hex.of(relay.nodeId));
        }
        if (!MessageDigest.isEqual(keyId, relay.onionKey)) {
            throw new HandshakeException("ntor onion skin names another onion key");
        }
        byte[] publicY = y.publicKey();
        byte[] xy;
        byte[] xb;
        try {
            xy = y.agree(publicX);
            xb = key.onionSecret.agree(publicX);
        } catch (InvalidKeyException e) {
            throw new HandshakeException("ntor: EXP(X,y) or EXP(X,b) is the point at infinity");
        }
        byte[] secretInput = secretInput(xy, xb, relay, publicX, publicY);
        byte[] reply = concat(publicY, auth(secretInput, relay, publicX, publicY));
        return new ServerResult(reply, CircuitKeys.fromMaterial(expand(secretInput, CircuitKeys.MATERIAL_LEN)));
    }

    /** KDF-RFC5869 with ntor's tags: {@code HKDF-SHA256(salt t_key, IKM secretInput, info m_expand)}. */
    public static byte[] expand(byte[] secretInput, int length) {
        return Hkdf.derive(T_KEY, secretInput, M_EXPAND, length);
    }

    private static byte[] secretInput(byte[] xy, byte[] xb, RelayPublicKey relay, byte[] publicX, byte[] publicY) {
        return concat(xy, xb, relay.nodeId, relay.onionKey, publicX, publicY, PROTOID);
    }

    private static byte[] auth(byte[] secretInput, RelayPublicKey relay, byte[] publicX, byte[] publicY) {
        byte[] verify = Hkdf.hmacSha256(T_VERIFY, secretInput);
        byte[] authInput = concat(verify, relay.nodeId, relay.onionKey, publicY, publicX, PROTOID, SERVER);
        return Hkdf.hmacSha256(T_MAC, authInput);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
