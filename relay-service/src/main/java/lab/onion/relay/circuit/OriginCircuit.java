package lab.onion.relay.circuit;

import io.netty.util.concurrent.ScheduledFuture;
import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.CellFormatException;
import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.cell.DestroyReason;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.cell.RelayCell;
import lab.onion.relay.cell.RelayCommand;
import lab.onion.relay.cell.RelayMsg;
import lab.onion.relay.crypto.ClientCircuitCrypto;
import lab.onion.relay.crypto.HandshakeException;
import lab.onion.relay.crypto.Ntor;
import lab.onion.relay.directory.RelayInfo;
import lab.onion.relay.link.CircuitEndpoint;
import lab.onion.relay.link.Link;
import lab.onion.relay.link.LinkTarget;
import lab.onion.relay.stream.CircuitFlowControl;
import lab.onion.relay.stream.OnionStream;
import lab.onion.relay.stream.StreamHost;
import lab.onion.relay.stream.StreamListener;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A circuit at the client that built it (Tor: an origin circuit; Arti: {@code ClientCirc}):
 * built telescopically (CREATE2 to the guard, then EXTEND2 through the circuit for each next
 * hop, tor-spec 5.3), holding every hop's keys. Streams go to the last hop. All state lives on
 * the client's event loop; the public methods may be called from any thread.
 */
public final class OriginCircuit implements CircuitEndpoint, StreamHost {

    private static final Logger LOG = Logger.getLogger(OriginCircuit.class);

    private final OnionClient client;
    private final List<RelayInfo> path;
    private final CompletableFuture<OriginCircuit> built;
    private final ClientCircuitCrypto crypto = new ClientCircuitCrypto();
    private final CircuitFlowControl flow = new CircuitFlowControl();
    private final Map<Integer, OnionStream> streams = new HashMap<>();
    private final CompletableFuture<String> closedFuture = new CompletableFuture<>();
    private Link link;
    private int circId;
    private Ntor.ClientState handshake;
    /** The next hop's handshake, its key made while the current hop's reply was on its way. */
    private Ntor.ClientState nextHandshake;
    private ScheduledFuture<?> buildTimer;
    private boolean closed;
    /** System.nanoTime of the build's start, and of the current hop's onion skin queued. */
    private long buildStarted;
    private long skinSent;
    private long buildNanos = -1;

    private OriginCircuit(OnionClient client, List<RelayInfo> path, CompletableFuture<OriginCircuit> built) {
        this.client = client;
        this.path = path;
        this.built = built;
    }

    static void build(OnionClient client, List<RelayInfo> path, CompletableFuture<OriginCircuit> built) {
        OriginCircuit circuit = new OriginCircuit(client, path, built);
        circuit.buildStarted = System.nanoTime();
        circuit.buildTimer = client.links().loop().schedule(
                () -> circuit.fail("circuit not built within " + client.buildTimeout()),
                client.buildTimeout().toMillis(), TimeUnit.MILLISECONDS);
        RelayInfo guard = path.get(0);
        client.links().connect(new LinkTarget(guard.linkAddress(), guard.nodeId())).addListener(done -> {
            if (circuit.closed) {
                return;
            }
            if (!done.isSuccess()) {
                circuit.fail("cannot reach guard " + guard + ": " + done.cause().getMessage());
                return;
            }
            circuit.link = (Link) done.getNow();
            circuit.circId = circuit.link.newCircId();
            circuit.link.register(circuit.circId, circuit);
            circuit.handshake = Ntor.client(guard.ntorKey(), client.spareKey().take());
            circuit.skinSent = System.nanoTime();
            circuit.link.send(new Cell(circuit.circId, new ChanMsg.Create2(ChanMsg.HTYPE_NTOR,
                    circuit.handshake.onionSkin())));
            circuit.precomputeAfterFlush();
        });
    }

    // ---- building ----

    private void hopCompleted(byte[] reply) {
        RelayInfo hop = path.get(crypto.hopCount());
        try {
            crypto.addHop(handshake.finish(reply));
        } catch (HandshakeException e) {
            fail("hop " + (crypto.hopCount() + 1) + " (" + hop + "): " + e.getMessage());
            return;
        }
        handshake = null;
        long now = System.nanoTime();
        client.times().hopCompleted(crypto.hopCount(), now - skinSent);
        if (crypto.hopCount() < path.size()) {
            RelayInfo next = path.get(crypto.hopCount());
            handshake = nextHandshake != null ? nextHandshake : Ntor.client(next.ntorKey(), client.random());
            nextHandshake = null;
            skinSent = now;
            sendToHop(crypto.hopCount() - 1, new RelayCell(0, new RelayMsg.Extend2(next.linkSpecifiers(),
                    ChanMsg.HTYPE_NTOR, handshake.onionSkin())));
            precomputeAfterFlush();
            return;
        }
        buildTimer.cancel(false);
        buildNanos = now - buildStarted;
        client.times().circuitBuilt(buildNanos);
        LOG.infof("circuit built: %s circ %s through %s", link, Hex.circId(circId), path);
        built.complete(this);
    }

    /**
     * Lets the handshake just sent compute what it can before the reply, and makes the next hop's
     * key (and the next circuit's first), in a task that the loop runs after the flush that sends
     * the onion skin (queued before it): the relay's work and ours overlap.
     */
    private void precomputeAfterFlush() {
        Ntor.ClientState sent = handshake;
        client.links().loop().execute(() -> {
            sent.precompute();
            int nextHop = crypto.hopCount() + 1;
            if (!closed && sent == handshake && nextHop < path.size()) {
                nextHandshake = Ntor.client(path.get(nextHop).ntorKey(), client.random());
            }
            client.spareKey().refill(); // for the next circuit's first hop
        });
    }

    // ---- cells from the guard ----

    @Override
    public void onCell(Cell cell) {
        ChanMsg msg = cell.msg();
        if (msg instanceof ChanMsg.Created2 created2 && handshake != null && crypto.hopCount() == 0) {
            hopCompleted(created2.handshakeData());
        } else if (msg instanceof ChanMsg.Relay relay) {
            byte[] body = relay.body();
            int hop = crypto.decrypt(body);
            if (hop < 0) {
                protocolViolation("relay cell recognized by no hop");
                return;
            }
            try {
                handle(hop, RelayCell.decode(body));
            } catch (CellFormatException e) {
                protocolViolation("from hop " + (hop + 1) + ": " + e.getMessage());
            }
        } else if (msg instanceof ChanMsg.Destroy destroy) {
            link.unregister(circId, this);
            close(null, "DESTROY " + destroy.reason() + " from the guard");
        } else if (!(msg instanceof ChanMsg.Padding) && !(msg instanceof ChanMsg.Unknown)) {
            protocolViolation(msg + " from the guard");
        }
    }

    private void handle(int hop, RelayCell cell) {
        RelayMsg msg = cell.msg();
        boolean fromExit = hop == path.size() - 1;
        if (msg instanceof RelayMsg.Extended2 extended2 && handshake != null && hop == crypto.hopCount() - 1) {
            hopCompleted(extended2.handshakeData());
        } else if (msg instanceof RelayMsg.Truncated truncated) {
            close(DestroyReason.NONE, "hop " + (hop + 1) + " truncated the circuit: " + truncated.reason());
        } else if (msg instanceof RelayMsg.Sendme sendme && cell.streamId() == 0 && fromExit) {
            String problem = flow.sendmeReceived(sendme);
            if (problem != null) {
                protocolViolation(problem);
                return;
            }
            for (OnionStream stream : new ArrayList<>(streams.values())) {
                stream.circuitWindowOpened();
            }
        } else if (fromExit && cell.streamId() != 0 && isStreamMsg(msg)) {
            onStreamMsg(cell.streamId(), msg);
        } else if (msg instanceof RelayMsg.Drop || msg instanceof RelayMsg.Unrecognized) {
            LOG.debugf("%s: %s from hop %d dropped", this, msg, hop + 1);
        } else {
            protocolViolation("unexpected RELAY_" + RelayCommand.name(msg.command()) + " from hop " + (hop + 1));
        }
    }

    private static boolean isStreamMsg(RelayMsg msg) {
        return msg instanceof RelayMsg.Connected || msg instanceof RelayMsg.Data || msg instanceof RelayMsg.End
                || msg instanceof RelayMsg.Sendme;
    }

    private void onStreamMsg(int streamId, RelayMsg msg) {
        if (msg instanceof RelayMsg.Data) {
            if (!flow.dataDelivered()) {
                protocolViolation("DATA beyond the circuit window");
                return;
            }
            if (flow.sendmeDue()) {
                int exit = path.size() - 1;
                sendToHop(exit, new RelayCell(0, RelayMsg.Sendme.authenticated(crypto.backwardDigest(exit))));
                flow.sendmeSent();
            }
        }
        OnionStream stream = streams.get(streamId);
        if (stream == null) {
            return; // ended here; the exit's cells may still be on the way
        }
        String problem = null;
        if (msg instanceof RelayMsg.Connected) {
            stream.onConnected();
        } else if (msg instanceof RelayMsg.Data data) {
            problem = stream.onData(data.data());
        } else if (msg instanceof RelayMsg.End end) {
            stream.onEnd(end.reason());
        } else if (msg instanceof RelayMsg.Sendme) {
            problem = stream.onSendme();
        }
        if (problem != null) {
            protocolViolation(problem);
        }
    }

    // ---- streams ----

    /**
     * Opens a stream to {@code host:port} at the exit. The future completes once CONNECTED
     * arrives, or fails with {@link lab.onion.relay.stream.StreamRefusedException} (END) or
     * {@link CircuitFailedException}.
     */
    public CompletableFuture<OnionStream> openStream(String host, int port, StreamListener listener) {
        CompletableFuture<OnionStream> result = new CompletableFuture<>();
        client.links().loop().execute(() -> {
            if (closed) {
                result.completeExceptionally(new CircuitFailedException("circuit closed: " + closedFuture.getNow("")));
                return;
            }
            int streamId = newStreamId();
            OnionStream stream = new OnionStream(streamId, host + ":" + port, this, client.links().loop(), listener);
            streams.put(streamId, stream);
            sendToHop(path.size() - 1, new RelayCell(streamId, new RelayMsg.Begin(host, port)));
            stream.connected().whenComplete((s, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(s);
                }
            });
        });
        return result;
    }

    private int newStreamId() {
        while (true) {
            int id = ThreadLocalRandom.current().nextInt(1, 0x10000);
            if (!streams.containsKey(id)) {
                return id;
            }
        }
    }

    @Override
    public boolean canSendData() {
        return !closed && flow.canSendData();
    }

    @Override
    public void sendStreamMsg(int streamId, RelayMsg msg) {
        sendToHop(path.size() - 1, new RelayCell(streamId, msg));
    }

    @Override
    public void streamClosed(int streamId) {
        streams.remove(streamId);
    }

    private void sendToHop(int hop, RelayCell cell) {
        if (closed) {
            return;
        }
        byte[] body = cell.encode(client.padding());
        crypto.encrypt(body, hop);
        if (cell.msg() instanceof RelayMsg.Data) {
            flow.dataSent(() -> crypto.forwardDigest(hop));
        }
        link.send(new Cell(circId, new ChanMsg.Relay(body)));
    }

    // ---- teardown ----

    /** Tears the circuit down with a DESTROY (reason NONE: "An OP should always use the NONE reason"). */
    public void destroy() {
        client.links().loop().execute(() -> close(DestroyReason.NONE, "destroyed by the client"));
    }

    /** Completes with the reason once the circuit is closed. */
    public CompletableFuture<String> closedFuture() {
        return closedFuture;
    }

    @Override
    public void onProtocolViolation(String reason) {
        protocolViolation(reason);
    }

    @Override
    public void onLinkClosed() {
        close(null, "the guard's link closed");
    }

    private void protocolViolation(String reason) {
        close(DestroyReason.NONE, "protocol violation: " + reason);
    }

    private void fail(String reason) {
        close(DestroyReason.NONE, reason);
    }

    private void close(DestroyReason destroy, String why) {
        if (closed) {
            return;
        }
        closed = true;
        if (buildTimer != null) {
            buildTimer.cancel(false);
        }
        if (link != null) {
            link.unregister(circId, this);
            if (destroy != null) {
                link.sendDestroy(circId, destroy);
            }
        }
        for (OnionStream stream : new ArrayList<>(streams.values())) {
            stream.circuitClosed();
        }
        streams.clear();
        if (!built.isDone()) {
            built.completeExceptionally(new CircuitFailedException("circuit through " + path + " failed after "
                    + crypto.hopCount() + " of " + path.size() + " hops: " + why));
        }
        LOG.infof("circuit closed: %s circ %s: %s", link, Hex.circId(circId), why);
        closedFuture.complete(why);
    }

    public List<RelayInfo> path() {
        return path;
    }

    /**
     * How long the build took, from asking for the guard's link to the last hop's reply checked
     * (what {@code /status} shows as buildMillis and {@code onion_proxy_build_seconds} counts);
     * -1 until it is built.
     */
    public long buildNanos() {
        return buildNanos;
    }

    public int hops() {
        return crypto.hopCount();
    }

    /** The link and this circuit's id on it, as the guard logs them: {@code link#1 172.20.0.4:5000 (out) circ 0x...}. */
    public String linkCircuit() {
        return link + " circ " + Hex.circId(circId);
    }

    @Override
    public String toString() {
        return "origin circuit " + linkCircuit();
    }
}
