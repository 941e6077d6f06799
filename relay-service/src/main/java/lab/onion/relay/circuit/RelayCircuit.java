package lab.onion.relay.circuit;

import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.CellFormatException;
import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.cell.DestroyReason;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.cell.LinkSpecifier;
import lab.onion.relay.cell.RelayCell;
import lab.onion.relay.cell.RelayMsg;
import lab.onion.relay.crypto.RelayCircuitCrypto;
import lab.onion.relay.exit.ExitStream;
import lab.onion.relay.link.CircuitEndpoint;
import lab.onion.relay.link.Link;
import lab.onion.relay.link.LinkTarget;
import lab.onion.relay.stream.CircuitFlowControl;
import lab.onion.relay.stream.StreamHost;
import org.jboss.logging.Logger;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A circuit as one relay sees it (tor-spec 5.3-5.5): the previous hop's link and circuit ID,
 * after an EXTEND2 the next hop's, and this relay's one layer of crypto. Forward cells lose a
 * layer and are handled here if recognized, else passed on; backward cells gain a layer.
 * The relay knows only its two neighbours. Used only on the node's event loop.
 */
public final class RelayCircuit implements StreamHost {

    private static final Logger LOG = Logger.getLogger(RelayCircuit.class);

    private final OnionRouter router;
    private final Link prevLink;
    private final int prevCircId;
    private final RelayCircuitCrypto crypto;
    private final CircuitFlowControl flow = new CircuitFlowControl();
    private final Map<Integer, ExitStream> streams = new HashMap<>();
    private final CircuitEndpoint fromPrev = new FromPrev();
    private final CircuitEndpoint fromNext = new FromNext();
    private Link nextLink;
    private int nextCircId;
    private boolean extending;
    private boolean closed;

    RelayCircuit(OnionRouter router, Link prevLink, int prevCircId, RelayCircuitCrypto crypto) {
        this.router = router;
        this.prevLink = prevLink;
        this.prevCircId = prevCircId;
        this.crypto = crypto;
        prevLink.register(prevCircId, fromPrev);
    }

    // ---- forward: from the client's side ----

    private void onForwardRelay(byte[] body) {
        if (crypto.decryptForward(body)) {
            RelayCell cell;
            try {
                cell = RelayCell.decode(body);
            } catch (CellFormatException e) {
                protocolViolation(e.getMessage());
                return;
            }
            handle(cell);
        } else if (nextLink != null && !extending) {
            nextLink.send(new Cell(nextCircId, new ChanMsg.Relay(body)));
        } else {
            protocolViolation("relay cell not recognized at the last hop");
        }
    }

    private void handle(RelayCell cell) {
        RelayMsg msg = cell.msg();
        int streamId = cell.streamId();
        if (msg instanceof RelayMsg.Extend2 extend2) {
            extend(extend2);
        } else if (msg instanceof RelayMsg.Truncate) {
            truncate();
        } else if (msg instanceof RelayMsg.Sendme sendme) {
            onSendme(streamId, sendme);
        } else if (msg instanceof RelayMsg.Begin begin) {
            onBegin(streamId, begin);
        } else if (msg instanceof RelayMsg.Data data) {
            onData(streamId, data);
        } else if (msg instanceof RelayMsg.End end) {
            ExitStream stream = streams.get(streamId);
            if (stream != null) {
                stream.onEnd(end.reason());
            }
        } else if (msg instanceof RelayMsg.Drop || msg instanceof RelayMsg.Unrecognized) {
            LOG.debugf("%s: %s dropped", this, msg);
        } else {
            protocolViolation("RELAY_" + lab.onion.relay.cell.RelayCommand.name(msg.command())
                    + " is not sent towards the exit");
        }
    }

    private void extend(RelayMsg.Extend2 extend2) {
        if (nextLink != null || extending) {
            protocolViolation("EXTEND2 on a circuit that already has a next hop");
            return;
        }
        LinkSpecifier.Ipv4 address = extend2.first(LinkSpecifier.Ipv4.class);
        LinkSpecifier.LegacyId legacyId = extend2.first(LinkSpecifier.LegacyId.class);
        if (address == null || legacyId == null) {
            protocolViolation("EXTEND2 without an IPv4 address and a legacy identity");
            return;
        }
        byte[] nodeId = legacyId.id();
        if (Arrays.equals(nodeId, new byte[nodeId.length])) {
            protocolViolation("EXTEND2 to an all-zero legacy identity");
            return;
        }
        if (Arrays.equals(nodeId, router.keys().nodeId())) {
            protocolViolation("EXTEND2 back to this relay");
            return;
        }
        extending = true;
        LinkTarget target = new LinkTarget(new InetSocketAddress(address.address(), address.port()), nodeId);
        ChanMsg.Create2 create2 = new ChanMsg.Create2(extend2.handshakeType(), extend2.handshakeData());
        router.links().connect(target).addListener(done -> {
            if (closed) {
                return;
            }
            if (!done.isSuccess()) {
                LOG.debugf("%s: cannot reach %s: %s", this, target, done.cause().toString());
                destroy(DestroyReason.CONNECTFAILED, DestroyReason.NONE, "cannot reach " + target);
                return;
            }
            Link link = (Link) done.getNow();
            nextLink = link;
            nextCircId = link.newCircId();
            link.register(nextCircId, fromNext);
            link.send(new Cell(nextCircId, create2));
        });
    }

    private void truncate() {
        if (nextLink != null) {
            nextLink.unregister(nextCircId, fromNext);
            nextLink.sendDestroy(nextCircId, DestroyReason.REQUESTED);
            LOG.infof("circuit truncated: %s circ %s, no longer -> %s circ %s", prevLink, Hex.circId(prevCircId),
                    nextLink, Hex.circId(nextCircId));
            nextLink = null;
            nextCircId = 0;
        }
        extending = false;
        sendBackward(new RelayCell(0, new RelayMsg.Truncated(DestroyReason.REQUESTED)));
    }

    private void onSendme(int streamId, RelayMsg.Sendme sendme) {
        if (streamId == 0) {
            String problem = flow.sendmeReceived(sendme);
            if (problem != null) {
                protocolViolation(problem);
                return;
            }
            for (ExitStream stream : new ArrayList<>(streams.values())) {
                stream.circuitWindowOpened();
            }
            return;
        }
        ExitStream stream = streams.get(streamId);
        if (stream != null) {
            String problem = stream.onSendme();
            if (problem != null) {
                protocolViolation(problem);
            }
        }
    }

    private void onBegin(int streamId, RelayMsg.Begin begin) {
        if (streams.containsKey(streamId)) {
            protocolViolation("BEGIN for stream " + streamId + ", which is open");
            return;
        }
        if (router.exit() == null) {
            sendBackward(new RelayCell(streamId, new RelayMsg.End(EndReason.EXITPOLICY)));
            return;
        }
        ExitStream stream = router.exit().open(streamId, label(), this, begin);
        if (!stream.isClosed()) {
            streams.put(streamId, stream);
        }
    }

    private void onData(int streamId, RelayMsg.Data data) {
        if (!flow.dataDelivered()) {
            protocolViolation("DATA beyond the circuit window");
            return;
        }
        if (flow.sendmeDue()) {
            // Authenticated SENDME: the running digest right after the DATA cell that made it due.
            sendBackward(new RelayCell(0, RelayMsg.Sendme.authenticated(crypto.forwardDigest())));
            flow.sendmeSent();
        }
        ExitStream stream = streams.get(streamId);
        if (stream != null) {
            String problem = stream.onData(data.data());
            if (problem != null) {
                protocolViolation(problem);
            }
        }
    }

    // ---- backward: towards the client ----

    /** Seals, encrypts and sends a message this relay originates. */
    private void sendBackward(RelayCell cell) {
        if (closed) {
            return;
        }
        byte[] body = cell.encode(router.padding());
        crypto.originateBackward(body);
        if (cell.msg() instanceof RelayMsg.Data) {
            flow.dataSent(crypto::backwardDigest);
        }
        prevLink.send(new Cell(prevCircId, new ChanMsg.Relay(body)));
    }

    @Override
    public boolean canSendData() {
        return !closed && flow.canSendData();
    }

    @Override
    public void sendStreamMsg(int streamId, RelayMsg msg) {
        sendBackward(new RelayCell(streamId, msg));
    }

    @Override
    public void streamClosed(int streamId) {
        streams.remove(streamId);
    }

    // ---- teardown ----

    private void protocolViolation(String reason) {
        destroy(DestroyReason.PROTOCOL, DestroyReason.PROTOCOL, reason);
    }

    /**
     * Tears the circuit down: DESTROY to the previous hop with {@code towardsClient} (null: it
     * is gone already), to the next with {@code towardsExit} (null: likewise), streams closed.
     */
    void destroy(DestroyReason towardsClient, DestroyReason towardsExit, String why) {
        if (closed) {
            return;
        }
        closed = true;
        prevLink.unregister(prevCircId, fromPrev);
        if (towardsClient != null) {
            prevLink.sendDestroy(prevCircId, towardsClient);
        }
        if (nextLink != null) {
            nextLink.unregister(nextCircId, fromNext);
            if (towardsExit != null) {
                nextLink.sendDestroy(nextCircId, towardsExit);
            }
        }
        for (ExitStream stream : new ArrayList<>(streams.values())) {
            stream.circuitClosed();
        }
        streams.clear();
        router.circuitClosed(this);
        LOG.infof("circuit destroyed: %s circ %s%s: %s", prevLink, Hex.circId(prevCircId),
                nextLink != null ? " -> " + nextLink + " circ " + Hex.circId(nextCircId) : "", why);
    }

    /** Sends the CREATED2 that answers the CREATE2 this circuit was made for. */
    void created(byte[] reply) {
        prevLink.send(new Cell(prevCircId, new ChanMsg.Created2(reply)));
        LOG.infof("circuit created: %s circ %s", prevLink, Hex.circId(prevCircId));
    }

    private String label() {
        return prevLink + " circ " + Hex.circId(prevCircId);
    }

    public int streamCount() {
        return streams.size();
    }

    @Override
    public String toString() {
        return "circuit " + label();
    }

    /** Cells on the previous hop's link. */
    private final class FromPrev implements CircuitEndpoint {
        @Override
        public void onCell(Cell cell) {
            ChanMsg msg = cell.msg();
            if (msg instanceof ChanMsg.Relay relay) {
                onForwardRelay(relay.body());
            } else if (msg instanceof ChanMsg.Destroy destroy) {
                destroy(null, DestroyReason.DESTROYED, "DESTROY " + destroy.reason() + " from the previous hop");
            } else if (msg instanceof ChanMsg.Create2) {
                LOG.debugf("%s: CREATE2 for an existing circuit, dropped", RelayCircuit.this);
            } else if (!(msg instanceof ChanMsg.Padding) && !(msg instanceof ChanMsg.Unknown)) {
                protocolViolation(msg + " from the previous hop");
            }
        }

        @Override
        public void onProtocolViolation(String reason) {
            protocolViolation(reason);
        }

        @Override
        public void onLinkClosed() {
            destroy(null, DestroyReason.DESTROYED, "the previous hop's link closed");
        }
    }

    /** Cells on the next hop's link. */
    private final class FromNext implements CircuitEndpoint {
        @Override
        public void onCell(Cell cell) {
            ChanMsg msg = cell.msg();
            if (msg instanceof ChanMsg.Created2 created2 && extending) {
                extending = false;
                sendBackward(new RelayCell(0, new RelayMsg.Extended2(created2.handshakeData())));
                LOG.infof("circuit extended: %s circ %s -> %s circ %s", prevLink, Hex.circId(prevCircId),
                        nextLink, Hex.circId(nextCircId));
            } else if (msg instanceof ChanMsg.Relay relay && !extending) {
                byte[] body = relay.body();
                crypto.relayBackward(body);
                prevLink.send(new Cell(prevCircId, new ChanMsg.Relay(body)));
            } else if (msg instanceof ChanMsg.Destroy destroy) {
                Link gone = nextLink;
                gone.unregister(nextCircId, this);
                destroy(DestroyReason.DESTROYED, null, "DESTROY " + destroy.reason() + " from the next hop");
            } else if (!(msg instanceof ChanMsg.Padding) && !(msg instanceof ChanMsg.Unknown)) {
                protocolViolation(msg + " from the next hop");
            }
        }

        @Override
        public void onProtocolViolation(String reason) {
            protocolViolation(reason);
        }

        @Override
        public void onLinkClosed() {
            destroy(DestroyReason.CHANNEL_CLOSED, null, "the next hop's link closed");
        }
    }
}
