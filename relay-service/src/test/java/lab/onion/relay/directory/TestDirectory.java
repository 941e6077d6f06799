package lab.onion.relay.directory;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import lab.onion.directory.v1.DirectoryGrpc;
import lab.onion.directory.v1.GetConsensusRequest;
import lab.onion.directory.v1.HeartbeatReply;
import lab.onion.directory.v1.HeartbeatRequest;
import lab.onion.directory.v1.RegisterReply;
import lab.onion.directory.v1.RegisterRequest;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.SignedConsensus;
import lab.onion.directory.v1.WatchConsensusRequest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tiny directory for tests over real gRPC on loopback: checks every descriptor and heartbeat
 * signature with the JDK's own Ed25519 (X.509 encoding of the raw key, independent of the
 * relay's crypto package) and serves whatever signed consensus the test hands it.
 */
public final class TestDirectory implements AutoCloseable {

    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public final List<RelayDescriptor> registrations = new CopyOnWriteArrayList<>();
    public final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    public final List<String> refusals = new CopyOnWriteArrayList<>();
    public final Map<String, Long> known = new ConcurrentHashMap<>();
    public final AtomicBoolean forgetOnNextHeartbeat = new AtomicBoolean();
    private final List<StreamObserver<SignedConsensus>> watchers = new CopyOnWriteArrayList<>();
    private volatile SignedConsensus consensus;
    private final Server server;

    public TestDirectory(int port, long heartbeatIntervalMs) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new Service(heartbeatIntervalMs)).build().start();
    }

    public int port() {
        return server.getPort();
    }

    public void publish(SignedConsensus signed) {
        consensus = signed;
        for (StreamObserver<SignedConsensus> watcher : watchers) {
            synchronized (watcher) {
                watcher.onNext(signed);
            }
        }
    }

    static boolean jdkVerify(byte[] rawKey, byte[] message, byte[] signature) {
        try {
            byte[] der = new byte[44];
            System.arraycopy(ED25519_X509_PREFIX, 0, der, 0, 12);
            System.arraycopy(rawKey, 0, der, 12, 32);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }

    private final class Service extends DirectoryGrpc.DirectoryImplBase {
        private final long intervalMs;

        Service(long intervalMs) {
            this.intervalMs = intervalMs;
        }

        @Override
        public void register(RegisterRequest request, StreamObserver<RegisterReply> reply) {
            RelayDescriptor relay = request.getRelay();
            if (!jdkVerify(relay.getIdentityKey().toByteArray(), SignedEncoding.descriptorSigningBytes(relay),
                    request.getSignature().toByteArray())) {
                refusals.add("register: bad signature");
                reply.onError(Status.UNAUTHENTICATED.withDescription("bad signature").asRuntimeException());
                return;
            }
            registrations.add(relay);
            known.put(HexFormat.of().formatHex(relay.getIdentityKey().toByteArray()), 0L);
            reply.onNext(RegisterReply.newBuilder().setConsensusVersion(registrations.size())
                    .setHeartbeatIntervalMs(intervalMs).setHeartbeatTimeoutMs(intervalMs * 3).build());
            reply.onCompleted();
        }

        @Override
        public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatReply> reply) {
            byte[] key = request.getIdentityKey().toByteArray();
            if (!jdkVerify(key, SignedEncoding.heartbeatSigningBytes(key, request.getSentUnixMs()),
                    request.getSignature().toByteArray())) {
                refusals.add("heartbeat: bad signature");
                reply.onError(Status.UNAUTHENTICATED.withDescription("bad signature").asRuntimeException());
                return;
            }
            String id = HexFormat.of().formatHex(key);
            if (forgetOnNextHeartbeat.getAndSet(false)) {
                known.remove(id);
            }
            Long last = known.get(id);
            if (last == null) {
                reply.onError(Status.NOT_FOUND.withDescription("unknown relay").asRuntimeException());
                return;
            }
            if (request.getSentUnixMs() <= last) {
                refusals.add("heartbeat: not after the last");
                reply.onError(Status.FAILED_PRECONDITION.withDescription("replay").asRuntimeException());
                return;
            }
            known.put(id, request.getSentUnixMs());
            heartbeats.add(request);
            reply.onNext(HeartbeatReply.newBuilder().setConsensusVersion(registrations.size()).build());
            reply.onCompleted();
        }

        @Override
        public void getConsensus(GetConsensusRequest request, StreamObserver<SignedConsensus> reply) {
            SignedConsensus current = consensus;
            if (current == null) {
                reply.onError(Status.UNAVAILABLE.withDescription("no consensus yet").asRuntimeException());
                return;
            }
            reply.onNext(current);
            reply.onCompleted();
        }

        @Override
        public void watchConsensus(WatchConsensusRequest request, StreamObserver<SignedConsensus> reply) {
            synchronized (reply) {
                watchers.add(reply);
                SignedConsensus current = consensus;
                if (current != null && current.getConsensus().getVersion() > request.getAfterVersion()) {
                    reply.onNext(current);
                }
            }
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
