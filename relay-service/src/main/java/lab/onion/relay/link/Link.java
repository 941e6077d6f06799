package lab.onion.relay.link;

import io.netty.channel.Channel;
import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.CellEncoder;
import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.cell.DestroyReason;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One link (Tor: a channel): a TCP connection carrying the cells of many circuits, each named
 * by a circuit ID that is local to this link. The side that opened the link picks IDs with the
 * high bit set, the other side without (tor-spec 5.1.1, link protocol 4+), so both can create
 * circuits on it without colliding. Used only on its node's event loop.
 */
public final class Link {

    private static final int HIGH_BIT = 0x80000000;
    private static final int MAX_ID_TRIES = 64;

    private final long id;
    private final Channel channel;
    private final boolean initiator;
    private final BatchWriter out;
    private final Map<Integer, CircuitEndpoint> circuits = new HashMap<>();

    Link(long id, Channel channel, boolean initiator, Flusher flusher) {
        this.id = id;
        this.channel = channel;
        this.initiator = initiator;
        this.out = flusher.writer(channel);
    }

    /** Encodes a cell into this round's batch; it is flushed with the others of the round. */
    public void send(Cell cell) {
        if (channel.isActive()) {
            CellEncoder.encode(cell, out.reserve(Cell.CELL_LEN));
        }
    }

    public void sendDestroy(int circId, DestroyReason reason) {
        send(new Cell(circId, new ChanMsg.Destroy(reason)));
    }

    /**
     * A fresh random circuit ID with this side's high bit, not in use on this link (as Tor,
     * which gives up after 64 tries).
     *
     * @throws IllegalStateException when no free ID was found
     */
    public int newCircId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < MAX_ID_TRIES; i++) {
            int candidate = random.nextInt() & ~HIGH_BIT;
            if (initiator) {
                candidate |= HIGH_BIT;
            }
            if (candidate != 0 && !circuits.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free circuit ID on " + this);
    }

    /** Whether the peer may pick this ID for a circuit it creates: its high bit is the peer's. */
    public boolean isPeerCircId(int circId) {
        return circId != 0 && ((circId & HIGH_BIT) != 0) != initiator;
    }

    public void register(int circId, CircuitEndpoint endpoint) {
        CircuitEndpoint previous = circuits.putIfAbsent(circId, endpoint);
        if (previous != null) {
            throw new IllegalStateException("circuit " + circId + " is already registered on " + this);
        }
    }

    public void unregister(int circId, CircuitEndpoint endpoint) {
        circuits.remove(circId, endpoint);
    }

    CircuitEndpoint circuit(int circId) {
        return circuits.get(circId);
    }

    public int circuitCount() {
        return circuits.size();
    }

    /** Tells every circuit on this link that it is gone. */
    void closed() {
        List<CircuitEndpoint> endpoints = new ArrayList<>(circuits.values());
        circuits.clear();
        for (CircuitEndpoint endpoint : endpoints) {
            endpoint.onLinkClosed();
        }
    }

    public boolean isActive() {
        return channel.isActive();
    }

    public boolean initiator() {
        return initiator;
    }

    /** Closes the link after writing what is queued (a last DESTROY, say). */
    public void close() {
        out.flush();
        channel.close();
    }

    public Channel channel() {
        return channel;
    }

    public long id() {
        return id;
    }

    @Override
    public String toString() {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        return "link#" + id + (remote != null ? " " + remote.getHostString() + ":" + remote.getPort() : "")
                + (initiator ? " (out)" : " (in)");
    }
}
