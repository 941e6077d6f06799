package lab.onion.directory;

import com.google.protobuf.ByteString;
import lab.onion.directory.crypto.Ed25519;
import lab.onion.directory.descriptor.Heartbeat;
import lab.onion.directory.descriptor.RelayDescriptor;
import lab.onion.directory.descriptor.RelayFlag;
import lab.onion.directory.grpc.ProtoMapping;
import lab.onion.directory.v1.HeartbeatRequest;
import lab.onion.directory.v1.RegisterRequest;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A relay as the tests play it: its own keys, and the messages a real relay would send. */
public final class TestRelay {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    public final Ed25519.RawKeyPair identity;
    public final byte[] onionKey;
    public final String nickname;
    public final int linkPort;
    private final AtomicLong lastHeartbeat = new AtomicLong();

    private TestRelay(Ed25519.RawKeyPair identity, String nickname) {
        this.identity = identity;
        this.onionKey = x25519PublicKey();
        this.nickname = nickname;
        this.linkPort = 9000 + ThreadLocalRandom.current().nextInt(1000);
    }

    /** A new relay with fresh keys and a unique nickname starting with {@code prefix} (at most 8 characters). */
    public static TestRelay create(String prefix) {
        return new TestRelay(Ed25519.generate(), prefix + "-" + randomSuffix(8));
    }

    public static TestRelay withIdentity(Ed25519.RawKeyPair identity, String nickname) {
        return new TestRelay(identity, nickname);
    }

    public byte[] identityKey() {
        return identity.publicKey();
    }

    /** A Guard+Exit descriptor published now. */
    public RelayDescriptor descriptor() {
        return descriptor(System.currentTimeMillis());
    }

    public RelayDescriptor descriptor(long publishedUnixMs) {
        return new RelayDescriptor(nickname, "127.0.0.1", linkPort, identityKey(), onionKey,
                EnumSet.of(RelayFlag.GUARD, RelayFlag.EXIT), List.of("accept echo-service:8081", "reject *:*"),
                publishedUnixMs);
    }

    public RelayDescriptor descriptor(String nickname, String address, int port, byte[] identityKey, byte[] onionKey,
                                      Set<RelayFlag> flags, List<String> policy, long published) {
        return new RelayDescriptor(nickname, address, port, identityKey, onionKey, flags, policy, published);
    }

    /** The register request with this relay's signature of {@code d}. */
    public RegisterRequest register(RelayDescriptor d) {
        return RegisterRequest.newBuilder()
                .setRelay(ProtoMapping.descriptor(d))
                .setSignature(ByteString.copyFrom(Ed25519.sign(identity.seed(), d.signingBytes())))
                .build();
    }

    public RegisterRequest register() {
        return register(descriptor());
    }

    /** A signed heartbeat sent now (strictly later than this relay's previous one). */
    public HeartbeatRequest heartbeat() {
        long now = lastHeartbeat.updateAndGet(previous -> Math.max(previous + 1, System.currentTimeMillis()));
        return heartbeat(now);
    }

    public HeartbeatRequest heartbeat(long sentUnixMs) {
        return HeartbeatRequest.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identityKey()))
                .setSentUnixMs(sentUnixMs)
                .setSignature(ByteString.copyFrom(Ed25519.sign(identity.seed(),
                        Heartbeat.signingBytes(identityKey(), sentUnixMs))))
                .build();
    }

    public static String randomSuffix(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static byte[] x25519PublicKey() {
        try {
            byte[] der = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
            return Arrays.copyOfRange(der, der.length - 32, der.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
