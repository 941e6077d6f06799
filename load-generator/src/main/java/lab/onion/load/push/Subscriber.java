package lab.onion.load.push;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocketClient;
import lab.onion.load.client.EchoTcpSession;
import lab.onion.load.client.ErrorKind;
import lab.onion.load.client.Loop;
import lab.onion.load.report.Stats;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One subscriber in one mode: its connection or poll loop, its position in the stream, and what it received.
 * Confined to its Vert.x context (an event loop shared with other subscribers), so no locks; the run reads its
 * tallies only after {@link #stop}.
 * <p>
 * Every message carries the generator's own sequence number {@code g} and its intended publish time {@code t}
 * ({@link System#nanoTime()} of this process): latency is receipt minus {@code t}, a second {@code g} is a
 * duplicate, a {@code g} below the highest one seen is out of order.
 */
abstract class Subscriber {

    /** Pause before reconnecting after a failure, so a refused port does not spin. */
    static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What every subscriber of a run shares. */
    record Shared(PushSettings settings, Stats stats, HttpClient http, WebSocketClient ws, LongAdder firstDeliveries,
                  LongAdder requests, long measuredFrom) {
    }

    protected final Shared shared;
    protected final PushSettings settings;
    protected final int index;
    protected final Context context;
    protected final Loop loop;
    private final SingleWriterRecorder recorder;

    final BitSet received = new BitSet();
    private long maxG = -1;
    long duplicated;
    long outOfOrder;
    long gaps;
    long resets;
    long reconnects;
    long requests;

    /** Incremented at every (re)connect; callbacks of an older connection see another value and do nothing. */
    protected int generation;
    protected boolean stopped;
    private CountDownLatch ready;

    Subscriber(Shared shared, int index, Context context, SingleWriterRecorder recorder) {
        this.shared = shared;
        this.settings = shared.settings();
        this.index = index;
        this.context = context;
        this.loop = Loop.of(context);
        this.recorder = recorder;
    }

    /** Connects (or starts polling); {@code ready} counts down at the first outcome, success or not. */
    final void start(CountDownLatch ready) {
        this.ready = ready;
        loop.execute(this::open);
    }

    /** Ends the subscription; nothing is counted after. */
    final void stop(CountDownLatch done) {
        loop.execute(() -> {
            if (!stopped) {
                stopped = true;
                generation++;
                close();
            }
            done.countDown();
        });
    }

    /** Opens the connection, or sends the next poll, from the position held. */
    protected abstract void open();

    /** Closes the current connection, if any, without callbacks (the generation has moved on). */
    protected abstract void close();

    protected final void readyOnce() {
        if (ready != null) {
            ready.countDown();
            ready = null;
        }
    }

    /** Counts one HTTP request: a poll, an SSE or WebSocket connect. */
    protected final void countRequest() {
        requests++;
        shared.requests().increment();
    }

    /** A message arrived: the generator's body {@code {"g":G,"t":T}}, alone or inside a frame. */
    protected final void message(String body) {
        long g = Fields.number(body, "g");
        long t = Fields.number(body, "t");
        if (g == Fields.MISSING || t == Fields.MISSING || g < 0 || g > Integer.MAX_VALUE) {
            error(ErrorKind.BAD_REPLY, "not a message of this generator: " + abbreviate(body));
            return;
        }
        message(g, t);
    }

    protected final void message(long g, long t) {
        long now = System.nanoTime();
        int i = (int) g;
        if (received.get(i)) {
            duplicated++;
            return;
        }
        received.set(i);
        if (g < maxG) {
            outOfOrder++;
        } else {
            maxG = g;
        }
        shared.firstDeliveries().increment();
        shared.stats().delivered(t, now - t, recorder);
    }

    protected final void error(ErrorKind kind, String message) {
        shared.stats().connectionError(System.nanoTime(), kind, message);
    }

    protected final void failed(Throwable cause, boolean connecting) {
        error(ErrorKind.of(cause, connecting), EchoTcpSession.message(cause));
    }

    /** The connection failed or ended: reconnect from the position held, after a pause. */
    protected final void reconnectLater() {
        readyOnce();
        int current = ++generation;
        loop.schedule(BACKOFF_NANOS, () -> {
            if (!stopped && generation == current) {
                reconnects++;
                open();
            }
        });
    }

    /** With {@code --reconnect-every}: drops this connection after that time and resumes at once. */
    protected final void armForcedReconnect() {
        if (settings.reconnectEvery() == null) {
            return;
        }
        long every = settings.reconnectEvery().toNanos();
        // Spread over the first period, so the subscribers do not all reconnect at the same moment.
        long delay = every / 2 + every * index / Math.max(1, settings.subscribers()) / 2;
        int current = generation;
        loop.schedule(delay, () -> {
            if (!stopped && generation == current) {
                generation++;
                close();
                reconnects++;
                open();
            }
        });
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
