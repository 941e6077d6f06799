package lab.onion.relay.circuit;

import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.cell.DestroyReason;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.crypto.CellPadding;
import lab.onion.relay.crypto.HandshakeException;
import lab.onion.relay.crypto.Ntor;
import lab.onion.relay.crypto.RelayCircuitCrypto;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.crypto.SpareKey;
import lab.onion.relay.crypto.X25519;
import lab.onion.relay.exit.ExitConnector;
import lab.onion.relay.exit.ExitPolicy;
import lab.onion.relay.link.InboundCircuitListener;
import lab.onion.relay.link.Link;
import lab.onion.relay.link.LinkManager;
import lab.onion.relay.link.LinkServer;
import lab.onion.relay.link.NettyTransport;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The relay role (Tor: an onion router): answers CREATE2 with the ntor handshake, keeps the
 * circuits that pass through it, extends them on EXTEND2, and, with an exit connector, opens
 * streams. Runs on one event loop; {@link #start} binds the link port.
 */
public final class OnionRouter implements InboundCircuitListener {

    private static final Logger LOG = Logger.getLogger(OnionRouter.class);

    private final RelayKeys keys;
    private final SecureRandom random;
    private final CellPadding padding;
    private final LinkManager links;
    private final LinkServer server;
    private final ExitConnector exit;
    private final Set<RelayCircuit> circuits = new LinkedHashSet<>();
    /** The next CREATE2's ephemeral key y, made after the previous one's CREATED2 was flushed. */
    private final SpareKey spareEphemeral;
    private volatile BuildTimes times = BuildTimes.NONE;

    /**
     * @param exitPolicy the exit policy, or null for a relay that is not an exit
     * @param resolver   where DNS lookups for exit streams run (off the event loop)
     */
    public OnionRouter(RelayKeys keys, NettyTransport transport, ExitPolicy exitPolicy, Executor resolver,
                       Duration connectTimeout) {
        this.keys = keys;
        this.random = new SecureRandom();
        this.padding = new CellPadding(random);
        this.spareEphemeral = new SpareKey(random);
        this.links = new LinkManager(transport, this, connectTimeout);
        this.server = new LinkServer(links);
        this.exit = exitPolicy == null ? null
                : new ExitConnector(exitPolicy, transport, links.flusher(), resolver, connectTimeout);
    }

    /** Where this relay's CREATE2 work is reported (none by default). */
    public void measure(BuildTimes times) {
        this.times = times;
    }

    public void start(String host, int port) {
        server.bind(host, port);
    }

    public void stop() {
        server.close();
        links.loop().submit(links::closeAll).syncUninterruptibly();
    }

    @Override
    public void onCreate2(Link link, int circId, ChanMsg.Create2 create2) {
        if (create2.handshakeType() != ChanMsg.HTYPE_NTOR) {
            LOG.debugf("%s circ %s: CREATE2 with handshake type %d, only ntor (2) is known", link,
                    Hex.circId(circId), create2.handshakeType());
            link.sendDestroy(circId, DestroyReason.PROTOCOL);
            return;
        }
        long arrived = System.nanoTime();
        X25519.Secret ephemeral = spareEphemeral.take();
        Ntor.ServerResult result;
        try {
            result = Ntor.server(keys.ntorSecretKey(), create2.handshakeData(), ephemeral);
        } catch (HandshakeException e) {
            LOG.infof("circuit refused: %s circ %s: %s", link, Hex.circId(circId), e.getMessage());
            link.sendDestroy(circId, DestroyReason.PROTOCOL);
            return;
        }
        RelayCircuit circuit = new RelayCircuit(this, link, circId, new RelayCircuitCrypto(result.keys()));
        circuits.add(circuit);
        circuit.created(result.reply());
        times.create2Answered(System.nanoTime() - arrived);
        // the next handshake's key, made after the flush that sends CREATED2 (queued before this
        // task), so that it is not on the next build's path
        links.loop().execute(spareEphemeral::refill);
    }

    void circuitClosed(RelayCircuit circuit) {
        circuits.remove(circuit);
    }

    RelayKeys keys() {
        return keys;
    }

    /** Random padding for the cells this relay originates (on its loop). */
    CellPadding padding() {
        return padding;
    }

    LinkManager links() {
        return links;
    }

    ExitConnector exit() {
        return exit;
    }

    /** The link port actually bound. */
    public int linkPort() {
        return server.port();
    }

    public boolean isListening() {
        return server.isListening();
    }

    /** Circuits through this relay now (read from any thread: a snapshot, maybe stale). */
    public int circuitCount() {
        return circuits.size();
    }

    public int linkCount() {
        return links.linkCount();
    }
}
