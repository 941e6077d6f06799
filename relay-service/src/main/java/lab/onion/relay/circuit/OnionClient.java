package lab.onion.relay.circuit;

import io.netty.channel.EventLoop;
import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.cell.DestroyReason;
import lab.onion.relay.crypto.CellPadding;
import lab.onion.relay.crypto.SpareKey;
import lab.onion.relay.directory.RelayInfo;
import lab.onion.relay.link.InboundCircuitListener;
import lab.onion.relay.link.Link;
import lab.onion.relay.link.LinkManager;
import lab.onion.relay.link.NettyTransport;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The client role (Tor: the onion proxy's circuit layer): builds circuits one hop at a time
 * over its own links and opens streams on them. Accepts no circuits from others.
 */
public final class OnionClient implements InboundCircuitListener {

    private final LinkManager links;
    private final SecureRandom random = new SecureRandom();
    private final CellPadding padding = new CellPadding(random);
    private final Duration buildTimeout;
    /** An ephemeral key made ahead (on the loop), so that a build's first onion skin need not wait for one. */
    private final SpareKey spareKey = new SpareKey(random);
    private volatile BuildTimes times = BuildTimes.NONE;

    public OnionClient(NettyTransport transport, Duration connectTimeout, Duration buildTimeout) {
        this.links = new LinkManager(transport, this, connectTimeout);
        this.buildTimeout = buildTimeout;
    }

    /**
     * Builds a circuit through {@code path} (guard first, exit last): CREATE2 to the guard,
     * then one EXTEND2 per further hop. Fails with {@link CircuitFailedException}.
     */
    public CompletableFuture<OriginCircuit> buildCircuit(List<RelayInfo> path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a circuit needs at least one hop");
        }
        CompletableFuture<OriginCircuit> built = new CompletableFuture<>();
        links.loop().execute(() -> OriginCircuit.build(this, List.copyOf(path), built));
        return built;
    }

    @Override
    public void onCreate2(Link link, int circId, ChanMsg.Create2 create2) {
        link.sendDestroy(circId, DestroyReason.PROTOCOL); // a client is no relay
    }

    LinkManager links() {
        return links;
    }

    /** Where this client's build times are reported (none by default). */
    public void measure(BuildTimes times) {
        this.times = times;
    }

    BuildTimes times() {
        return times;
    }

    SecureRandom random() {
        return random;
    }

    /** The spare ephemeral key for a build's first hop. On the loop. */
    SpareKey spareKey() {
        return spareKey;
    }

    /** Random padding for the cells this client originates (on its loop). */
    CellPadding padding() {
        return padding;
    }

    Duration buildTimeout() {
        return buildTimeout;
    }

    /** The loop all of this client's links, circuits and streams run on. */
    public EventLoop loop() {
        return links.loop();
    }

    public int linkCount() {
        return links.linkCount();
    }

    public void close() {
        links.loop().submit(links::closeAll).syncUninterruptibly();
    }
}
