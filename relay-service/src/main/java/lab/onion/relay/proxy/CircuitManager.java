package lab.onion.relay.proxy;

import io.netty.channel.EventLoop;
import lab.onion.relay.circuit.CircuitFailedException;
import lab.onion.relay.circuit.OnionClient;
import lab.onion.relay.circuit.OriginCircuit;
import lab.onion.relay.directory.ConsensusRelay;
import lab.onion.relay.directory.VerifiedConsensus;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.stream.OnionStream;
import lab.onion.relay.stream.StreamRefusedException;
import lab.onion.relay.stream.StreamListener;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The proxy's circuits (Arti: tor-circmgr): paths from the verified consensus, a few circuits
 * built ahead of need, reuse for new streams while a circuit is younger than its lifetime and
 * serves the same isolation key (the SOCKS username), a new circuit when none fits, and failed
 * circuits dropped. All state lives on the client's event loop.
 */
public final class CircuitManager {

    private static final Logger LOG = Logger.getLogger(CircuitManager.class);

    private final OnionClient client;
    private final EventLoop loop;
    private final Supplier<VerifiedConsensus> consensus;
    private final PathSelector selector;
    private final int preemptive;
    private final long lifetimeNanos;
    private final List<ManagedCircuit> circuits = new ArrayList<>();
    /** "exit identity host:port" for each destination an exit refused although its policy accepts it. */
    private final Set<String> exitRefusals = new HashSet<>();
    /** The circuit being built ahead of need, if any: such circuits are built one at a time. */
    private ManagedCircuit preemptiveBuild;
    private int nextId = 1;
    private long generation;
    private int failuresInARow;
    private long noPreemptiveBuildBefore = System.nanoTime();

    public CircuitManager(OnionClient client, Supplier<VerifiedConsensus> consensus, int preemptive,
                          Duration lifetime, Random random) {
        this.client = client;
        this.loop = client.loop();
        this.consensus = consensus;
        this.selector = new PathSelector(random);
        this.preemptive = preemptive;
        this.lifetimeNanos = lifetime.toNanos();
    }

    /** Starts the housekeeping: preemptive circuits topped up, retired idle circuits torn down. */
    public void start() {
        loop.scheduleAtFixedRate(this::ensurePreemptive, 5, 5, TimeUnit.SECONDS);
        loop.execute(this::ensurePreemptive);
    }

    /** A new (or newer) consensus arrived: top up the circuits built ahead of need. */
    public void consensusChanged() {
        loop.execute(() -> {
            exitRefusals.clear(); // a new consensus may bring new policies: ask the exits again
            ensurePreemptive();
        });
    }

    /**
     * Opens a stream to {@code host:port} on a circuit for {@code isolationKey}: an open one
     * that fits, else a new one. Fails with {@link NoPathException}, {@link CircuitFailedException}
     * or {@link lab.onion.relay.stream.StreamRefusedException}.
     */
    public CompletableFuture<Opened> openStream(String isolationKey, String host, int port, StreamListener listener) {
        CompletableFuture<Opened> result = new CompletableFuture<>();
        loop.execute(() -> openOn(isolationKey, host, port, listener, result, true, null));
        return result;
    }

    /** A stream and the circuit that carries it (for the traffic counters). */
    public record Opened(OnionStream stream, CircuitHandle circuit) {
    }

    /** What a stream's owner may tell the manager about its circuit, on the loop. */
    public final class CircuitHandle {
        private final ManagedCircuit managed;

        private CircuitHandle(ManagedCircuit managed) {
            this.managed = managed;
        }

        public void sent(int bytes) {
            managed.bytesSent += bytes;
        }

        public void received(int bytes) {
            managed.bytesReceived += bytes;
        }

        public void streamClosed() {
            managed.streamsOpen--;
        }

        /** {@code circuit 4 (link#1 ... circ 0x...) relay-1 -> relay-2 -> relay-3}: the id the guard logs too. */
        public String describe() {
            OriginCircuit origin = managed.circuit;
            return "circuit " + managed.id + (origin != null ? " (" + origin.linkCircuit() + ")" : "") + " "
                    + String.join(" -> ", managed.nicknames());
        }
    }

    private void openOn(String isolationKey, String host, int port, StreamListener listener,
                        CompletableFuture<Opened> result, boolean mayRetry, StreamRefusedException refusal) {
        ManagedCircuit chosen = null;
        long now = System.nanoTime();
        for (ManagedCircuit c : circuits) {
            if (!c.dead && now - c.createdNanos < lifetimeNanos && c.allowsExitTo(host, port)
                    && !refused(c.exit(), host, port) && isolationKey.equals(c.isolationKey)) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            for (ManagedCircuit c : circuits) {
                if (!c.dead && c.isolationKey == null && now - c.createdNanos < lifetimeNanos
                        && c.allowsExitTo(host, port) && !refused(c.exit(), host, port)) {
                    chosen = c;
                    chosen.isolationKey = isolationKey;
                    break;
                }
            }
        }
        if (chosen == null) {
            try {
                chosen = build(selector.select(consensus.get(), host, port, exit -> refused(exit, host, port)),
                        isolationKey);
            } catch (NoPathException e) {
                // after an exit's refusal with no other exit to ask, the client hears the refusal itself
                result.completeExceptionally(refusal != null ? refusal : e);
                return;
            }
        }
        ensurePreemptive();
        ManagedCircuit circuit = chosen;
        circuit.streamsOpen++;
        circuit.streamsTotal++;
        circuit.built.thenCompose(c -> c.openStream(host, port, listener)).whenComplete((stream, failure) ->
                loop.execute(() -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause == null) {
                        result.complete(new Opened(stream, new CircuitHandle(circuit)));
                        return;
                    }
                    circuit.streamsOpen--;
                    if (cause instanceof CircuitFailedException && mayRetry) {
                        circuit.dead = true;
                        LOG.debugf("circuit %d failed under a new stream, one more try: %s", circuit.id,
                                cause.getMessage());
                        openOn(isolationKey, host, port, listener, result, false, refusal);
                    } else if (cause instanceof StreamRefusedException refused
                            && EndReason.EXITPOLICY.equals(refused.reason()) && refusal == null) {
                        // the exit's published policy accepted this destination, the exit did not
                        // (e.g. a name that resolves to an address it never connects to): ask another
                        exitRefusals.add(refusalKey(circuit.exit(), host, port));
                        LOG.infof("exit %s refused %s:%d (EXITPOLICY) although its policy accepts it: trying another exit",
                                circuit.exit().nickname(), host, port);
                        openOn(isolationKey, host, port, listener, result, false, refused);
                    } else {
                        result.completeExceptionally(cause);
                    }
                }));
    }

    private boolean refused(ConsensusRelay exit, String host, int port) {
        return !exitRefusals.isEmpty() && exitRefusals.contains(refusalKey(exit, host, port));
    }

    private static String refusalKey(ConsensusRelay exit, String host, int port) {
        return Hex.of(exit.info().identityKey()) + " " + host + ":" + port;
    }

    private ManagedCircuit build(List<ConsensusRelay> path, String isolationKey) {
        VerifiedConsensus current = consensus.get();
        CompletableFuture<OriginCircuit> built = client.buildCircuit(path.stream().map(ConsensusRelay::info).toList());
        ManagedCircuit managed = new ManagedCircuit(nextId++, path, current != null ? current.version() : 0,
                isolationKey, built);
        circuits.add(managed);
        long buildGeneration = generation;
        built.whenComplete((circuit, failure) -> loop.execute(() -> builtOrFailed(managed, circuit, failure,
                buildGeneration)));
        return managed;
    }

    private void builtOrFailed(ManagedCircuit managed, OriginCircuit circuit, Throwable failure,
                               long buildGeneration) {
        if (failure != null) {
            failuresInARow++;
            drop(managed, failure.getMessage());
            return;
        }
        failuresInARow = 0;
        managed.circuit = circuit;
        managed.buildNanos = circuit.buildNanos();
        if (managed.dead || buildGeneration != generation) {
            circuit.destroy();
        }
        circuit.closedFuture().thenAccept(why -> loop.execute(() -> drop(managed, why)));
        if (managed == preemptiveBuild) {
            preemptiveBuild = null;
            ensurePreemptive(); // the next one, if more are wanted
        }
    }

    private void drop(ManagedCircuit managed, String why) {
        managed.dead = true;
        if (managed == preemptiveBuild) {
            preemptiveBuild = null;
        }
        if (circuits.remove(managed)) {
            LOG.debugf("circuit %d (%s) dropped: %s", managed.id, managed.nicknames(), why);
            // not in a tight loop while relays of the consensus are down: 1 s after a failure, doubling to 32 s
            long delay = failuresInARow == 0 ? 0 : TimeUnit.SECONDS.toNanos(1L << Math.min(5, failuresInARow - 1));
            noPreemptiveBuildBefore = System.nanoTime() + delay;
            loop.schedule(this::ensurePreemptive, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void ensurePreemptive() {
        long now = System.nanoTime();
        long spare = circuits.stream()
                .filter(c -> !c.dead && c.isolationKey == null && now - c.createdNanos < lifetimeNanos).count();
        // One at a time: each build costs a dozen curve25519 operations on this loop, and several
        // at once would each take as long as all of them; a stream that finds no circuit builds its own.
        if (spare < preemptive && preemptiveBuild == null && now - noPreemptiveBuildBefore >= 0) {
            try {
                preemptiveBuild = build(selector.select(consensus.get(), null, 0), null);
            } catch (NoPathException e) {
                return; // no consensus or too few relays yet: the next consensus tries again
            }
        }
        // circuits past their lifetime with no streams left are torn down
        for (ManagedCircuit c : new ArrayList<>(circuits)) {
            if (c.streamsOpen == 0 && now - c.createdNanos >= lifetimeNanos && c.circuit != null) {
                c.dead = true;
                c.circuit.destroy();
            }
        }
    }

    /** Drops every circuit (and so its streams); new streams get new circuits. */
    public CompletableFuture<Integer> newIdentity() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> {
            generation++;
            int count = circuits.size();
            for (ManagedCircuit c : new ArrayList<>(circuits)) {
                c.dead = true;
                if (c.circuit != null) {
                    c.circuit.destroy();
                }
            }
            circuits.clear();
            preemptiveBuild = null;
            LOG.infof("new identity: %d circuits dropped", count);
            ensurePreemptive();
            done.complete(count);
        });
        return done;
    }

    /**
     * One circuit as {@code GET /status} shows it.
     *
     * @param buildMillis how long the build took, from its start (a link to the guard opened if there
     *                    was none) to the last hop's EXTENDED2 (System.nanoTime, microsecond
     *                    precision); null while building
     */
    public record CircuitStatus(int id, List<String> hops, String state, String isolationKey, long ageSeconds,
                                Double buildMillis, long consensusVersion, int streamsOpen, int streamsTotal,
                                long bytesSent, long bytesReceived) {
    }

    public CompletableFuture<List<CircuitStatus>> status() {
        CompletableFuture<List<CircuitStatus>> result = new CompletableFuture<>();
        loop.execute(() -> {
            long now = System.nanoTime();
            List<CircuitStatus> list = new ArrayList<>();
            for (ManagedCircuit c : circuits) {
                String state = c.dead ? "closing" : c.circuit == null ? "building"
                        : now - c.createdNanos >= lifetimeNanos ? "retired" : "open";
                list.add(new CircuitStatus(c.id, c.nicknames(), state, c.isolationKey,
                        TimeUnit.NANOSECONDS.toSeconds(now - c.createdNanos),
                        c.buildNanos < 0 ? null : Math.round(c.buildNanos / 1e3) / 1e3, c.consensusVersion, c.streamsOpen,
                        c.streamsTotal, c.bytesSent, c.bytesReceived));
            }
            result.complete(list);
        });
        return result;
    }
}
