package lab.onion.relay.link;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import lab.onion.relay.cell.CellDecoder;
import lab.onion.relay.cell.CellEncoder;

/** Assembles a link's pipeline: cell framing and decoding, encoding, routing to circuits. */
final class LinkInitializer extends ChannelInitializer<SocketChannel> {

    private final LinkManager manager;
    private final boolean initiator;

    LinkInitializer(LinkManager manager, boolean initiator) {
        this.manager = manager;
        this.initiator = initiator;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast("cell-decoder", new CellDecoder())
                .addLast("cell-encoder", CellEncoder.INSTANCE)
                .addLast("link", new LinkHandler(manager, manager.newLink(channel, initiator)));
    }
}
