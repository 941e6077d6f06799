package lab.onion.load.model;

import lab.onion.load.client.ErrorKind;
import lab.onion.load.client.Session;
import lab.onion.load.client.SessionListener;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fresh session that sends one line as soon as it is open and closes at the reply: a SOCKS
 * stream's whole life, from connect to reply. Its outcome is read by the thread that waits on
 * {@code done}, once the latch has counted down (or, with {@link #abandon()}, after a timeout).
 */
final class StreamOnce implements SessionListener {

    private final Session session;
    private final CountDownLatch done;
    private final AtomicBoolean finished = new AtomicBoolean();
    private boolean opened;
    volatile long endNanos;
    volatile ErrorKind failure;
    volatile String message;

    StreamOnce(Session session, CountDownLatch done) {
        this.session = session;
        this.done = done;
    }

    void start() {
        session.loop().execute(() -> session.open(this));
    }

    /** Not done in time: counted as a timeout (unless it finished just now), and closed. */
    boolean abandon() {
        boolean timedOut = finish(ErrorKind.TIMEOUT, "no reply in time", false);
        session.loop().execute(session::close);
        return timedOut;
    }

    boolean ok() {
        return finished.get() && failure == null;
    }

    @Override
    public void onOpen() {
        opened = true;
        session.send(System.nanoTime());
        session.flush();
    }

    @Override
    public void onReply(long startNanos) {
        endNanos = System.nanoTime();
        if (finish(null, null, true)) {
            session.close();
        }
    }

    @Override
    public void onFailure(long startNanos, ErrorKind kind, String message) {
        if (finish(kind, message, true)) {
            session.close();
        }
    }

    @Override
    public void onClosed(ErrorKind kind, String message) {
        if (!opened) {
            finish(kind, message, true); // once open, the line's own failure follows
        }
    }

    private boolean finish(ErrorKind kind, String why, boolean countDown) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        failure = kind;
        message = why;
        if (countDown) {
            done.countDown();
        }
        return true;
    }
}
