package lab.onion.load.model;

import lab.onion.load.client.ErrorKind;
import lab.onion.load.client.Loop;
import lab.onion.load.client.Session;
import lab.onion.load.client.SessionListener;
import lab.onion.load.report.Stats;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives one session under a load model. Confined to the session's loop: no locks, no
 * allocation per request beyond what the protocol client needs.
 */
final class Worker implements SessionListener {

    /** Pause before reconnecting, and before a closed-loop retry after a connection-level failure. */
    static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Session session;
    private final Loop loop;
    private final Stats stats;
    private final SingleWriterRecorder recorder;
    private final int slots;
    private final int workers;
    private final int index;
    /** 0 in closed loop; else the time between this worker's intended sends. */
    private final long intervalNanos;

    private CountDownLatch connected;
    private boolean begun;
    private long endNanos;

    private long nextIntended;
    private long backoffUntil;
    private int outstanding;
    /** Of {@link #outstanding}, those started after the warmup (the ones the report counts). */
    private int outstandingMeasured;
    private boolean open;
    private boolean stopped;
    private boolean timerPending;
    private boolean pumping;
    private boolean pumpAgain;

    Worker(Session session, Stats stats, int slots, LoadModel model, int workers, int index) {
        this.session = session;
        this.loop = session.loop();
        this.stats = stats;
        this.recorder = stats.newRecorder();
        this.slots = slots;
        this.workers = workers;
        this.index = index;
        this.intervalNanos = model instanceof LoadModel.FixedRate rate
                ? Math.max(1, Math.round(workers * 1e9 / rate.perSecond()))
                : 0;
    }

    /** Opens the session; {@code connected} counts down at its first outcome, success or not. */
    void connect(CountDownLatch connected) {
        this.connected = connected;
        loop.execute(() -> session.open(this));
    }

    /** Starts sending at {@code startNanos}; no request starts at or after {@code endNanos}. */
    void begin(long startNanos, long endNanos) {
        loop.execute(() -> {
            this.endNanos = endNanos;
            // Spread the workers' schedules evenly over one interval.
            this.nextIntended = startNanos + intervalNanos * index / workers;
            begun = true;
            pump();
        });
    }

    private void firstOutcome() {
        if (connected != null) {
            connected.countDown();
            connected = null;
        }
    }

    /** Ends the worker: requests still outstanding count as timeouts; nothing is reported after. */
    void stop(CountDownLatch done) {
        loop.execute(() -> {
            if (!stopped) {
                stopped = true;
                session.close();
                stats.abandoned(outstanding, outstandingMeasured);
                outstanding = 0;
                outstandingMeasured = 0;
            }
            done.countDown();
        });
    }

    @Override
    public void onOpen() {
        if (stopped) {
            return;
        }
        open = true;
        firstOutcome();
        pump();
    }

    @Override
    public void onReply(long startNanos) {
        if (stopped) {
            return;
        }
        release(startNanos);
        stats.ok(startNanos, System.nanoTime() - startNanos, recorder);
        pump();
    }

    @Override
    public void onFailure(long startNanos, ErrorKind kind, String message) {
        if (stopped) {
            return;
        }
        release(startNanos);
        stats.failed(startNanos, kind, message);
        if (kind.connectionLevel() && intervalNanos == 0) {
            backoffUntil = System.nanoTime() + BACKOFF_NANOS;
        }
        pump();
    }

    @Override
    public void onClosed(ErrorKind kind, String message) {
        if (stopped) {
            return;
        }
        open = false;
        firstOutcome();
        stats.connectionError(System.nanoTime(), kind, message);
        loop.schedule(BACKOFF_NANOS, () -> {
            if (!stopped && (!begun || System.nanoTime() - endNanos < 0)) {
                session.open(this);
            }
        });
        pump();
    }

    /** Sends whatever the model says is due now, then arms a timer for the next due request. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                pumpOnce();
            } while (pumpAgain && !stopped);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        if (stopped || !begun) {
            return;
        }
        long now = System.nanoTime();
        if (intervalNanos == 0) {
            if (!open) {
                return;
            }
            if (now - backoffUntil < 0) {
                armTimer(backoffUntil - now);
                return;
            }
            int sent = 0;
            while (outstanding < slots && now - endNanos < 0) {
                acquire(now);
                session.send(now);
                sent++;
            }
            if (sent > 0) {
                session.flush();
            }
            return;
        }
        int sent = 0;
        while (nextIntended - now <= 0 && nextIntended - endNanos < 0) {
            if (!open) {
                // Due while the connection is down: it fails now, counted against its intended time.
                stats.sent(nextIntended);
                stats.failed(nextIntended, ErrorKind.NOT_CONNECTED, "no connection when the request was due");
            } else if (outstanding < slots) {
                acquire(nextIntended);
                session.send(nextIntended);
                sent++;
            } else {
                break; // all slots busy: the request waits, and its latency keeps counting from its intended time
            }
            nextIntended += intervalNanos;
        }
        if (sent > 0) {
            session.flush();
        }
        if (nextIntended - endNanos < 0 && (outstanding < slots || !open)) {
            armTimer(nextIntended - now);
        }
    }

    private void acquire(long startNanos) {
        outstanding++;
        if (stats.measured(startNanos)) {
            outstandingMeasured++;
        }
        stats.sent(startNanos);
    }

    private void release(long startNanos) {
        outstanding--;
        if (stats.measured(startNanos)) {
            outstandingMeasured--;
        }
    }

    private void armTimer(long delayNanos) {
        if (timerPending) {
            return;
        }
        timerPending = true;
        loop.schedule(Math.max(0, delayNanos), () -> {
            timerPending = false;
            pump();
        });
    }
}
