package lab.onion.push.topic;

import java.util.ArrayList;
import java.util.List;

/**
 * A topic's recent messages, oldest first, bounded by count, bytes and age. Seqs are consecutive (messages leave
 * only from the front), so a seq's place is found by arithmetic. Not thread-safe: its {@link Topic} guards it.
 */
final class History {

    private final Message[] ring;
    private final long maxBytes;
    private final long maxAgeMillis;
    private int head;
    private int size;
    private long bytes;

    History(int maxMessages, long maxBytes, long maxAgeMillis) {
        this.ring = new Message[Math.max(1, maxMessages)];
        this.maxBytes = maxBytes;
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Appends a message, then drops the oldest ones beyond the limits; the newest always stays. */
    void append(Message message, long now) {
        if (size == ring.length) {
            removeFirst();
        }
        ring[(head + size) % ring.length] = message;
        size++;
        bytes += message.size();
        while (size > 1 && bytes > maxBytes) {
            removeFirst();
        }
        expire(now);
    }

    /** Drops messages older than the age limit. */
    void expire(long now) {
        long oldest = now - maxAgeMillis;
        while (size > 0 && ring[head].ts() < oldest) {
            removeFirst();
        }
    }

    private void removeFirst() {
        bytes -= ring[head].size();
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
    }

    /** The first seq still held, or {@code lastSeq + 1} if none is. */
    long firstSeq(long lastSeq) {
        return size == 0 ? lastSeq + 1 : ring[head].seq();
    }

    /** Messages with seq {@code >= from}, in order, at most {@code max}. */
    List<Message> from(long from, int max) {
        if (size == 0) {
            return List.of();
        }
        long first = ring[head].seq();
        int skip = (int) Math.max(0, Math.min(size, from - first));
        int count = Math.min(size - skip, max);
        List<Message> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ring[(head + skip + i) % ring.length]);
        }
        return out;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }
}
