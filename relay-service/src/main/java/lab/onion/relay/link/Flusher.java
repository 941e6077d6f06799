package lab.onion.relay.link;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Flushes once per batch: what the loop writes to any number of links and connections while it
 * handles one round of reads goes out with one write and one flush per channel, in a task the
 * loop runs after that round, instead of one buffer and one system call per cell.
 */
public final class Flusher {

    private final EventLoop loop;
    private final List<BatchWriter> dirty = new ArrayList<>();
    private boolean scheduled;

    public Flusher(EventLoop loop) {
        this.loop = loop;
    }

    /** A writer for {@code channel} whose batches this flusher sends. Call on the loop. */
    public BatchWriter writer(io.netty.channel.Channel channel) {
        return new BatchWriter(channel, this);
    }

    /** Called by a writer the first time it is written to in a round. */
    void schedule(BatchWriter writer) {
        dirty.add(writer);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this::flushAll);
        }
    }

    private void flushAll() {
        scheduled = false;
        // By index: a flush can make a channel writable, and what that sets going may add writers.
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
