package lab.onion.relay.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import lab.onion.directory.v1.DirectoryGrpc;
import lab.onion.directory.v1.GetConsensusRequest;
import lab.onion.directory.v1.SignedConsensus;
import lab.onion.directory.v1.WatchConsensusRequest;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The proxy role's side of the directory: learns the directory key (pinned in configuration,
 * else {@code GET /keys} once, trust on first use), then watches the consensus and polls it,
 * keeping only consensuses that verify with that key, are fresh (between valid-after and
 * fresh-until, give or take {@link #CLOCK_SKEW_MS}) and are newer than the last good one.
 * Asynchronous gRPC and one scheduler thread: never an event loop.
 */
public final class ConsensusClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsensusClient.class);
    private static final long CALL_TIMEOUT_MS = 5000;
    /** Clock difference tolerated between the directory and this proxy, as Tor tolerates some skew. */
    static final long CLOCK_SKEW_MS = 30_000;

    private final DirectoryGrpc.DirectoryStub stub;
    private final String url;
    private final URI keysUri;
    private final ScheduledExecutorService scheduler;
    private final Consumer<VerifiedConsensus> listener;
    private final Duration pollInterval;
    private final Backoff keyBackoff;
    private final Backoff watchBackoff;
    private final OutageLog outage;
    private volatile ConsensusVerifier verifier;
    private volatile VerifiedConsensus current;
    private volatile String pinnedKey;
    private volatile Context.CancellableContext watch;
    private volatile boolean closed;
    private long lastRefusedVersion = -1;

    public ConsensusClient(ManagedChannel channel, String url, Optional<String> publicKey, Duration retryInitial,
                           Duration retryMax, Duration pollInterval, ScheduledExecutorService scheduler,
                           Consumer<VerifiedConsensus> listener) {
        this(channel, url, URI.create("http://" + url + "/keys"), publicKey, retryInitial, retryMax, pollInterval,
                scheduler, listener);
    }

    /** With {@code keysUri} apart from the gRPC address (tests: HTTP and gRPC on different servers). */
    ConsensusClient(ManagedChannel channel, String url, URI keysUri, Optional<String> publicKey,
                    Duration retryInitial, Duration retryMax, Duration pollInterval,
                    ScheduledExecutorService scheduler, Consumer<VerifiedConsensus> listener) {
        this.keysUri = keysUri;
        this.stub = DirectoryGrpc.newStub(channel);
        this.url = url;
        this.scheduler = scheduler;
        this.listener = listener;
        this.pollInterval = pollInterval;
        this.keyBackoff = new Backoff(retryInitial, retryMax);
        this.watchBackoff = new Backoff(retryInitial, retryMax);
        this.outage = new OutageLog(LOG, url);
        publicKey.filter(k -> !k.isBlank()).ifPresent(k -> {
            byte[] key = decodeKey(k, "relay.directory.public-key");
            this.pinnedKey = k.trim();
            this.verifier = new ConsensusVerifier(key);
        });
    }

    private static byte[] decodeKey(String base64, String what) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64: " + e.getMessage());
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(what + " has " + key.length + " bytes (expected: 32, an Ed25519 key)");
        }
        return key;
    }

    public void start() {
        run(verifier == null ? this::fetchKey : this::startConsensus);
    }

    /** The last consensus that verified, or null. */
    public VerifiedConsensus current() {
        return current;
    }

    /** The directory key in use (base64), or null while not known yet. */
    public String directoryKey() {
        return pinnedKey;
    }

    private void fetchKey() {
        if (closed) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(keysUri)
                .timeout(Duration.ofSeconds(5)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> run(() -> {
            try {
                if (failure != null) {
                    throw new IllegalStateException(failure.getMessage() != null ? failure.getMessage()
                            : failure.getClass().getSimpleName());
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET /keys answered " + response.statusCode());
                }
                JsonNode json = new ObjectMapper().readTree(response.body());
                String key = json.path("publicKey").asText("");
                verifier = new ConsensusVerifier(decodeKey(key, "GET /keys publicKey"));
                pinnedKey = key;
                outage.recovered();
                LOG.warnf("directory key not pinned (relay.directory.public-key): trusting %s from GET %s "
                        + "on first use; pin it with RELAY_DIRECTORY_PUBLIC_KEY=%s", key, keysUri, key);
                startConsensus();
            } catch (Exception e) {
                outage.failed("cannot fetch the directory key: " + e.getMessage());
                schedule(this::fetchKey, keyBackoff.nextDelayMs());
            }
        }));
    }

    private void startConsensus() {
        watch();
        schedule(this::poll, pollInterval.toMillis());
    }

    private void poll() {
        if (closed) {
            return;
        }
        stub.withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).getConsensus(
                GetConsensusRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(SignedConsensus value) {
                        run(() -> offer(value));
                    }

                    @Override
                    public void onError(Throwable t) {
                        run(() -> outage.failed("GetConsensus: " + DirectoryRegistrar.describe(Status.fromThrowable(t))));
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        schedule(this::poll, pollInterval.toMillis());
    }

    private void watch() {
        if (closed) {
            return;
        }
        VerifiedConsensus last = current;
        Context.CancellableContext context = Context.current().withCancellation();
        watch = context;
        context.run(() -> stub.watchConsensus(WatchConsensusRequest.newBuilder()
                .setAfterVersion(last != null ? last.version() : 0).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(SignedConsensus value) {
                        run(() -> {
                            watchBackoff.reset();
                            offer(value);
                        });
                    }

                    @Override
                    public void onError(Throwable t) {
                        run(() -> rewatch("WatchConsensus: " + DirectoryRegistrar.describe(Status.fromThrowable(t))));
                    }

                    @Override
                    public void onCompleted() {
                        run(() -> rewatch("WatchConsensus ended"));
                    }
                }));
    }

    private void rewatch(String problem) {
        if (closed) {
            return;
        }
        outage.failed(problem);
        schedule(this::watch, watchBackoff.nextDelayMs());
    }

    /** A consensus from the directory: kept when it verifies and is newer. On the scheduler thread. */
    void offer(SignedConsensus signed) {
        VerifiedConsensus verified;
        try {
            verified = verifier.verify(signed);
        } catch (ConsensusException e) {
            long version = signed.getConsensus().getVersion();
            if (version != lastRefusedVersion) { // the watch and each poll bring it again: one WARN per version
                lastRefusedVersion = version;
                LOG.warnf("consensus refused, keeping version %s: %s", current != null ? current.version() : "none",
                        e.getMessage());
            }
            return;
        }
        String unusable = unusableNow(verified, System.currentTimeMillis());
        if (unusable != null) {
            long version = verified.version();
            if (version != lastRefusedVersion) {
                lastRefusedVersion = version;
                LOG.warnf("consensus refused, keeping version %s: %s", current != null ? current.version() : "none",
                        unusable);
            }
            return;
        }
        outage.recovered();
        if (current != null && verified.version() <= current.version()) {
            return;
        }
        current = verified;
        LOG.infof("consensus %d verified: %d relays %s", verified.version(), verified.relays().size(),
                verified.relays().stream().map(ConsensusRelay::nickname).toList());
        listener.accept(verified);
    }

    /**
     * Why a correctly signed consensus must not be used at {@code nowMs}, or null: one past its
     * fresh-until (a replayed old consensus, or a directory that stopped re-signing) or one not
     * valid yet, each beyond {@link #CLOCK_SKEW_MS}.
     */
    static String unusableNow(VerifiedConsensus consensus, long nowMs) {
        if (consensus.freshUntilUnixMs() + CLOCK_SKEW_MS < nowMs) {
            return "consensus " + consensus.version() + " is stale: fresh until "
                    + Instant.ofEpochMilli(consensus.freshUntilUnixMs()) + ", now " + Instant.ofEpochMilli(nowMs);
        }
        if (consensus.validAfterUnixMs() - CLOCK_SKEW_MS > nowMs) {
            return "consensus " + consensus.version() + " is not valid yet: valid after "
                    + Instant.ofEpochMilli(consensus.validAfterUnixMs()) + ", now " + Instant.ofEpochMilli(nowMs);
        }
        return null;
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

    @Override
    public void close() {
        closed = true;
        Context.CancellableContext context = watch;
        if (context != null) {
            context.cancel(null);
        }
    }
}
