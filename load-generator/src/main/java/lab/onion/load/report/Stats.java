package lab.onion.load.report;

import lab.onion.load.client.ErrorKind;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
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
    /** Every completion, warmup included: the timeline's per-second counts. */
    private final LongAdder completedOk = new LongAdder();
    private final LongAdder completedErrors = new LongAdder();
    private final LongAdder[] errors = new LongAdder[ErrorKind.values().length];
    private final Map<ErrorKind, String> firstMessages = new ConcurrentHashMap<>();
    private final List<SingleWriterRecorder> recorders = new ArrayList<>();
    /** Per recorder, its last interval histogram, handed back to it for reuse. */
    private final List<Histogram> recycled = new ArrayList<>();
    /**
     * Latencies of the warmup, from every worker: in the timeline, never in the total. One
     * recorder for all (thread-safe, a little dearer per value), as a twin per worker would double
     * the histograms' memory for a few seconds of use.
     */
    private final Recorder warmupRecorder = new Recorder(3);
    private Histogram recycledWarmup;
    private final Histogram total = new Histogram(3);
    private final List<Second> timeline = new ArrayList<>();
    private long timelineOk;
    private long timelineErrors;

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
        completedOk.increment();
        if (measured(startNanos)) {
            ok.increment();
            recorder.recordValue(Math.max(0, latencyNanos));
        } else {
            warmupRecorder.recordValue(Math.max(0, latencyNanos));
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
        completedErrors.increment();
        if (measured(startNanos)) {
            failed.increment();
            error(kind, message);
        }
    }

    /** Requests still outstanding when the run ended: measured ones count as timeouts. */
    public void abandoned(int outstanding, int measured) {
        inFlight.add(-outstanding);
        completedErrors.add(outstanding);
        if (measured > 0) {
            failed.add(measured);
            errors[ErrorKind.TIMEOUT.ordinal()].add(measured);
            firstMessages.putIfAbsent(ErrorKind.TIMEOUT, "no reply before the run ended");
        }
    }

    /** A failure that is not a request's: a connection that could not be opened or was lost. */
    public void connectionError(long nowNanos, ErrorKind kind, String message) {
        completedErrors.increment();
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
     * Moves what the recorders gathered since the last call into the run's total (measured
     * latencies only), and returns that interval's histogram, warmup latencies included. Called
     * by one thread only.
     */
    public synchronized Histogram collectInterval() {
        Histogram interval = new Histogram(3);
        Histogram measuredInterval = new Histogram(3);
        for (int i = 0; i < recorders.size(); i++) {
            SingleWriterRecorder recorder = recorders.get(i);
            Histogram h = recorder.getIntervalHistogram(recycled.get(i));
            recycled.set(i, h);
            measuredInterval.add(h);
        }
        recycledWarmup = warmupRecorder.getIntervalHistogram(recycledWarmup);
        interval.add(recycledWarmup);
        total.add(measuredInterval);
        interval.add(measuredInterval);
        return interval;
    }

    /**
     * Closes one entry of the timeline: what completed since the last entry, warmup included.
     * Called by one thread only, once a second and once at the end (the last entry may be shorter,
     * and holds the replies that came in the grace period).
     *
     * @param endSecond end of the entry, in seconds since the load began
     * @param seconds   how long the entry is (1 but for the last one)
     * @param warmup    true when the entry lies wholly in the warmup
     */
    public synchronized Second second(double endSecond, double seconds, boolean warmup) {
        Histogram interval = collectInterval();
        long okNow = completedOk.sum();
        long errorsNow = completedErrors.sum();
        long okCount = okNow - timelineOk;
        long errorCount = errorsNow - timelineErrors;
        timelineOk = okNow;
        timelineErrors = errorsNow;
        double span = seconds > 0 ? seconds : 1;
        Second entry = new Second(endSecond, warmup, okCount, errorCount, okCount / span, errorCount / span,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(50) / 1e6,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1e6);
        timeline.add(entry);
        return entry;
    }

    /** The timeline so far, one entry per second of the run. */
    public synchronized List<Second> timeline() {
        return List.copyOf(timeline);
    }

    /**
     * One second of the run, in the JSON report's {@code timeline}.
     *
     * @param t      end of the second, in seconds since the load began (warmup included)
     * @param warmup true when the whole second lies in the warmup (not in the totals)
     * @param ok     requests that succeeded in this second; {@code errors} likewise failed requests and connections
     * @param p50Ms  latency percentiles of the requests that succeeded in this second
     */
    public record Second(double t, boolean warmup, long ok, long errors, double okPerSecond, double errorsPerSecond,
                         double p50Ms, double p99Ms) {
    }

    /** All latencies of the measured phase so far (after {@link #collectInterval()}). */
    public synchronized Histogram total() {
        return total.copy();
    }
}
