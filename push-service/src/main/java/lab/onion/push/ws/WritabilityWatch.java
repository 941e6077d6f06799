package lab.onion.push.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Tells a subscriber when its connection's write buffer has drained below the low-water mark, so that it writes
 * again. Netty raises the event on the connection's event loop; this handler passes it on to the handlers after it
 * (Vert.x's), which see it as before.
 */
final class WritabilityWatch extends ChannelInboundHandlerAdapter {

    static final String NAME = "push-writability";

    private final Runnable writable;

    WritabilityWatch(Runnable writable) {
        this.writable = writable;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            writable.run();
        }
        super.channelWritabilityChanged(ctx);
    }
}
