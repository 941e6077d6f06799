package lab.onion.relay.directory;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import lab.onion.directory.v1.DirectoryGrpc;
import lab.onion.directory.v1.HeartbeatReply;
import lab.onion.directory.v1.HeartbeatRequest;
import lab.onion.directory.v1.RegisterReply;
import lab.onion.directory.v1.RegisterRequest;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;
import lab.onion.relay.crypto.RelayKeys;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The relay role's side of the directory: registers a descriptor signed by the identity key,
 * then heartbeats every {@code heartbeat_interval_ms} of the reply; registers again on NOT_FOUND
 * (directory restarted, or the relay expired); retries an unreachable or refusing directory with
 * backoff. Asynchronous gRPC calls and one scheduler thread: never an event loop.
 */
public final class DirectoryRegistrar implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DirectoryRegistrar.class);
    private static final long CALL_TIMEOUT_MS = 5000;

    private final DirectoryGrpc.DirectoryStub stub;
    private final RelayKeys keys;
    private final Supplier<RelayDescriptor.Builder> descriptor;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final Backoff backoff;
    private final OutageLog outage;
    private volatile boolean registered;
    private volatile boolean closed;
    private boolean everRegistered;
    private long heartbeatIntervalMs;
    private long lastSentMs;
    private volatile long consensusVersion;

    /**
     * @param descriptor the descriptor without signature-relevant time: {@code published_unix_ms}
     *                   is set here on each registration
     */
    public DirectoryRegistrar(ManagedChannel channel, String peer, RelayKeys keys,
                              Supplier<RelayDescriptor.Builder> descriptor, Duration retryInitial, Duration retryMax,
                              ScheduledExecutorService scheduler, LongSupplier clock) {
        this.stub = DirectoryGrpc.newStub(channel);
        this.keys = keys;
        this.descriptor = descriptor;
        this.scheduler = scheduler;
        this.clock = clock;
        this.backoff = new Backoff(retryInitial, retryMax);
        this.outage = new OutageLog(LOG, peer);
    }

    public void start() {
        run(this::register);
    }

    /** Whether the directory accepted the descriptor and the last heartbeat (readiness). */
    public boolean registered() {
        return registered;
    }

    /** The consensus version the directory last reported. */
    public long consensusVersion() {
        return consensusVersion;
    }

    private void register() {
        if (closed) {
            return;
        }
        RelayDescriptor relay = descriptor.get().setPublishedUnixMs(nextTime()).build();
        RegisterRequest request = RegisterRequest.newBuilder().setRelay(relay)
                .setSignature(ByteString.copyFrom(keys.sign(SignedEncoding.descriptorSigningBytes(relay)))).build();
        stub.withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).register(request, new Reply<>() {
            @Override
            void ok(RegisterReply reply) {
                heartbeatIntervalMs = Math.max(100, reply.getHeartbeatIntervalMs());
                consensusVersion = reply.getConsensusVersion();
                registered = true;
                LOG.infof("%s with the directory as %s (%s:%d, flags %s): first in consensus %d, heartbeat every %d ms",
                        everRegistered ? "re-registered" : "registered", relay.getNickname(), relay.getAddress(),
                        relay.getLinkPort(), flagNames(relay), reply.getConsensusVersion(), heartbeatIntervalMs);
                everRegistered = true;
                schedule(DirectoryRegistrar.this::heartbeat, heartbeatIntervalMs);
            }

            @Override
            void failed(Status status) {
                registered = false;
                retry(DirectoryRegistrar.this::register, "register: " + describe(status));
            }
        });
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        long sent = nextTime();
        byte[] identity = keys.identityKey();
        HeartbeatRequest request = HeartbeatRequest.newBuilder().setIdentityKey(ByteString.copyFrom(identity))
                .setSentUnixMs(sent)
                .setSignature(ByteString.copyFrom(keys.sign(SignedEncoding.heartbeatSigningBytes(identity, sent))))
                .build();
        stub.withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).heartbeat(request, new Reply<>() {
            @Override
            void ok(HeartbeatReply reply) {
                consensusVersion = reply.getConsensusVersion();
                registered = true;
                schedule(DirectoryRegistrar.this::heartbeat, heartbeatIntervalMs);
            }

            @Override
            void failed(Status status) {
                if (status.getCode() == Status.Code.NOT_FOUND) {
                    registered = false;
                    LOG.infof("the directory does not know this relay (%s): registering again",
                            status.getDescription());
                    run(DirectoryRegistrar.this::register);
                } else {
                    retry(DirectoryRegistrar.this::heartbeat, "heartbeat: " + describe(status));
                }
            }
        });
    }

    /** Strictly increasing Unix ms (the directory refuses a heartbeat not after the last). */
    private synchronized long nextTime() {
        lastSentMs = Math.max(clock.getAsLong(), lastSentMs + 1);
        return lastSentMs;
    }

    private void retry(Runnable what, String problem) {
        outage.failed(problem);
        schedule(what, backoff.nextDelayMs());
    }

    private void schedule(Runnable what, long delayMs) {
        if (!closed) {
            try {
                scheduler.schedule(what, delayMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private void run(Runnable what) {
        schedule(what, 0);
    }

    private static String flagNames(RelayDescriptor relay) {
        return relay.getFlagsList().stream()
                .map(f -> f == RelayFlag.RELAY_FLAG_GUARD ? "Guard" : f == RelayFlag.RELAY_FLAG_EXIT ? "Exit" : f.name())
                .toList().toString();
    }

    static String describe(Status status) {
        String description = status.getDescription();
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            description = (description != null ? description + ": " : "") + status.getCause().getMessage();
        }
        return status.getCode() + (description != null ? " (" + description + ")" : "");
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A unary reply handled on the scheduler thread. */
    private abstract class Reply<T> implements StreamObserver<T> {
        abstract void ok(T reply);

        abstract void failed(Status status);

        @Override
        public void onNext(T reply) {
            run(() -> {
                outage.recovered();
                backoff.reset();
                ok(reply);
            });
        }

        @Override
        public void onError(Throwable t) {
            run(() -> failed(Status.fromThrowable(t)));
        }

        @Override
        public void onCompleted() {
        }
    }
}
