package lab.onion.relay.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.cell.DestroyReason;
import lab.onion.relay.cell.Hex;
import lab.onion.relay.cell.MalformedCell;
import org.jboss.logging.Logger;

/**
 * One protocol step of a link: each decoded cell to its circuit by circuit ID (tor-spec 5.5.1),
 * a CREATE2 for a new ID to the relay role, and a malformed cell answered in proportion: that
 * circuit is destroyed with reason PROTOCOL, or, when the framing is lost, the link is closed.
 * Nothing here ever closes more than this link.
 */
final class LinkHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(LinkHandler.class);

    private final LinkManager manager;
    private final Link link;

    LinkHandler(LinkManager manager, Link link) {
        this.manager = manager;
        this.link = link;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Cell cell) {
            onCell(cell);
        } else if (msg instanceof MalformedCell malformed) {
            onMalformed(malformed);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onCell(Cell cell) {
        CircuitEndpoint circuit = link.circuit(cell.circId());
        if (circuit != null) {
            circuit.onCell(cell);
            return;
        }
        ChanMsg msg = cell.msg();
        if (msg instanceof ChanMsg.Create2 create2) {
            if (cell.circId() == 0) {
                LOG.debugf("%s: CREATE2 on circuit ID 0, dropped", link);
            } else if (!link.isPeerCircId(cell.circId())) {
                LOG.debugf("%s: CREATE2 with circuit ID %s of the wrong half", link, Hex.circId(cell.circId()));
                link.sendDestroy(cell.circId(), DestroyReason.PROTOCOL);
            } else {
                manager.inboundCircuitListener().onCreate2(link, cell.circId(), create2);
            }
        } else if (!(msg instanceof ChanMsg.Padding) && !(msg instanceof ChanMsg.Destroy)) {
            // tor-spec 5.5.1: cells for circuits this link does not have are dropped.
            LOG.debugf("%s: %s for unknown circuit %s, dropped", link, msg, Hex.circId(cell.circId()));
        }
    }

    private void onMalformed(MalformedCell malformed) {
        if (malformed.fatal()) {
            LOG.infof("%s closed: %s", link, malformed.reason());
            link.close();
            return;
        }
        CircuitEndpoint circuit = link.circuit(malformed.circId());
        if (circuit != null) {
            circuit.onProtocolViolation(malformed.reason());
        } else if (malformed.circId() != 0) {
            LOG.debugf("%s: %s", link, malformed);
            link.sendDestroy(malformed.circId(), DestroyReason.PROTOCOL);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are what peers do; they end this link and nothing else.
        LOG.debugf("%s: closing on %s", link, cause.toString());
        ctx.close();
    }
}
