package lab.onion.load.report;

import lab.onion.load.client.ErrorKind;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of a run, written by the workers' loops and read once a second by the
 * progress printer. Only requests whose (intended) start falls after the warmup are counted, so
 * {@code sent == ok + failed} holds for the measured phase.
 */
public final class Stats {

    private volatile long measureStartNanos;
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder[] errors = new LongAdder[ErrorKind.values().length];
    private final Map<ErrorKind, String> firstMessages = new ConcurrentHashMap<>();
    private final List<SingleWriterRecorder> recorders = new ArrayList<>();
    /** Per recorder, its last interval histogram, handed back to it for reuse. */
    private final List<Histogram> recycled = new ArrayList<>();
    private final Histogram total = new Histogram(3);

    public Stats(long measureStartNanos) {
        this.measureStartNanos = measureStartNanos;
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LongAdder();
        }
    }

    /** Counts only what starts at or after {@code nanos} (the end of the warmup). */
    public void measureFrom(long nanos) {
        measureStartNanos = nanos;
    }

    /** A recorder for one worker: written by that worker's loop only. */
    public synchronized SingleWriterRecorder newRecorder() {
        SingleWriterRecorder recorder = new SingleWriterRecorder(3);
        recorders.add(recorder);
        recycled.add(null);
        return recorder;
    }

    public boolean measured(long startNanos) {
        return startNanos - measureStartNanos >= 0;
    }

    public void sent(long startNanos) {
        inFlight.increment();
        if (measured(startNanos)) {
            sent.increment();
        }
    }

    public void ok(long startNanos, long latencyNanos, SingleWriterRecorder recorder) {
        inFlight.decrement();
        if (measured(startNanos)) {
            ok.increment();
            recorder.recordValue(Math.max(0, latencyNanos));
        }
    }

    /** A push delivery: counted as ok, its latency recorded, if the message was published after the warmup. */
    public void delivered(long publishNanos, long latencyNanos, SingleWriterRecorder recorder) {
        if (measured(publishNanos)) {
            ok.increment();
            recorder.recordValue(Math.max(0, latencyNanos));
        }
    }

    public void failed(long startNanos, ErrorKind kind, String message) {
        inFlight.decrement();
        if (measured(startNanos)) {
            failed.increment();
            error(kind, message);
        }
    }

    /** Requests still outstanding when the run ended: measured ones count as timeouts. */
    public void abandoned(int outstanding, int measured) {
        inFlight.add(-outstanding);
        if (measured > 0) {
            failed.add(measured);
            errors[ErrorKind.TIMEOUT.ordinal()].add(measured);
            firstMessages.putIfAbsent(ErrorKind.TIMEOUT, "no reply before the run ended");
        }
    }

    /** A failure that is not a request's: a connection that could not be opened or was lost. */
    public void connectionError(long nowNanos, ErrorKind kind, String message) {
        if (measured(nowNanos)) {
            error(kind, message);
        }
    }

    private void error(ErrorKind kind, String message) {
        errors[kind.ordinal()].increment();
        if (message != null) {
            firstMessages.putIfAbsent(kind, message);
        }
    }

    public long inFlight() {
        return inFlight.sum();
    }

    public long sent() {
        return sent.sum();
    }

    public long ok() {
        return ok.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long errorCount() {
        long sum = 0;
        for (LongAdder adder : errors) {
            sum += adder.sum();
        }
        return sum;
    }

    public Map<ErrorKind, Long> errors() {
        Map<ErrorKind, Long> map = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            long count = errors[kind.ordinal()].sum();
            if (count > 0) {
                map.put(kind, count);
            }
        }
        return map;
    }

    public String firstMessage(ErrorKind kind) {
        return firstMessages.get(kind);
    }

    /**
     * Moves what the recorders gathered since the last call into the run's total, and returns
     * that interval's histogram (valid until the next call). Called by one thread only.
     */
    public synchronized Histogram collectInterval() {
        Histogram interval = new Histogram(3);
        for (int i = 0; i < recorders.size(); i++) {
            Histogram h = recorders.get(i).getIntervalHistogram(recycled.get(i));
            recycled.set(i, h);
            interval.add(h);
        }
        total.add(interval);
        return interval;
    }

    /** All latencies of the measured phase so far (after {@link #collectInterval()}). */
    public synchronized Histogram total() {
        return total.copy();
    }
}
