package lab.onion.relay.link;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Flushes once per batch: cells written while the loop handles one round of reads (to any
 * number of links and exit connections) go out with one flush per channel, in a task the loop
 * runs after that round, instead of one system call per cell.
 */
public final class Flusher {

    private final EventLoop loop;
    private final List<Channel> dirty = new ArrayList<>();
    private boolean scheduled;

    public Flusher(EventLoop loop) {
        this.loop = loop;
    }

    /** Notes that {@code channel} has unflushed writes. Call on the loop. */
    public void markDirty(Channel channel) {
        if (!dirty.contains(channel)) {
            dirty.add(channel);
        }
        if (!scheduled) {
            scheduled = true;
            loop.execute(this::flushAll);
        }
    }

    private void flushAll() {
        scheduled = false;
        for (Channel channel : dirty) {
            channel.flush();
        }
        dirty.clear();
    }
}
