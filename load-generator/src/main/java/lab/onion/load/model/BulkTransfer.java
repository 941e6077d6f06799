package lab.onion.load.model;

import lab.onion.load.client.ErrorKind;
import lab.onion.load.client.Loop;
import lab.onion.load.client.Session;
import lab.onion.load.client.SessionListener;
import lab.onion.load.report.OnionReport;
import lab.onion.load.report.Stats;
import lab.onion.load.scenario.EchoTcpScenario;
import org.HdrHistogram.SingleWriterRecorder;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The throughput of one stream: {@code lines} lines written through one connection, a window of
 * them outstanding, while the replies are read and every byte checked (the session does that).
 * Stops sending at the deadline; what is still outstanding after the grace period counts as a
 * timeout. Each line is a request, so {@code sent == ok + failed}.
 */
public final class BulkTransfer implements SessionListener {

    private final Session session;
    private final Loop loop;
    private final Stats stats;
    private final SingleWriterRecorder recorder;
    private final long lines;
    private final int window;
    private final CountDownLatch done = new CountDownLatch(1);
    private long sendUntil;
    private long sent;
    private long answered;
    private long replied;
    private long firstSend;
    private long lastReply;
    private boolean open;
    private boolean over;

    private BulkTransfer(Session session, Stats stats, long lines, int window) {
        this.session = session;
        this.loop = session.loop();
        this.stats = stats;
        this.recorder = stats.newRecorder();
        this.lines = lines;
        this.window = window;
    }

    /**
     * @param scenario one connection with {@code window} lines in flight
     */
    public static OnionReport.Side run(String via, EchoTcpScenario scenario, long lines, Duration duration,
                                       Duration grace) throws InterruptedException {
        Stats stats = new Stats(System.nanoTime());
        BulkTransfer transfer = new BulkTransfer(scenario.newSession(0), stats, lines, scenario.slotsPerSession());
        long deadline = System.nanoTime() + duration.toNanos();
        transfer.loop.execute(() -> {
            transfer.sendUntil = deadline;
            transfer.session.open(transfer);
        });
        long wait = deadline - System.nanoTime() + grace.toNanos();
        transfer.done.await(Math.max(0, wait), TimeUnit.NANOSECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        long[] result = new long[2];
        transfer.loop.execute(() -> {
            transfer.finish();
            result[0] = transfer.replied * scenario.lineBytes();
            result[1] = transfer.lastReply - transfer.firstSend;
            stopped.countDown();
        });
        stopped.await(2, TimeUnit.SECONDS);
        scenario.close();
        stats.collectInterval();
        return OnionReport.Side.of(via, stats, stats.total()).withBytes(result[0], Math.max(0, result[1]) / 1e9);
    }

    @Override
    public void onOpen() {
        open = true;
        firstSend = System.nanoTime();
        pump();
    }

    private void pump() {
        if (over || !open) {
            return;
        }
        long now = System.nanoTime();
        int batch = 0;
        while (sent - answered < window && sent < lines && now - sendUntil < 0) {
            stats.sent(now);
            session.send(now);
            sent++;
            batch++;
        }
        if (batch > 0) {
            session.flush();
        }
        if (answered == sent && (sent == lines || now - sendUntil >= 0)) {
            finish();
        }
    }

    @Override
    public void onReply(long startNanos) {
        if (over) {
            return;
        }
        answered++;
        replied++;
        lastReply = System.nanoTime();
        stats.ok(startNanos, lastReply - startNanos, recorder);
        pump();
    }

    @Override
    public void onFailure(long startNanos, ErrorKind kind, String message) {
        if (over) {
            return;
        }
        answered++;
        stats.failed(startNanos, kind, message);
        if (!open && answered == sent) {
            finish();
        } else {
            pump();
        }
    }

    @Override
    public void onClosed(ErrorKind kind, String message) {
        if (over) {
            return;
        }
        open = false; // no reconnect: one stream is the measurement
        stats.connectionError(System.nanoTime(), kind, message);
        if (answered == sent) {
            finish();
        }
    }

    /** Ends the transfer: lines still outstanding count as timeouts. */
    private void finish() {
        if (over) {
            return;
        }
        over = true;
        session.close();
        stats.abandoned((int) (sent - answered), (int) (sent - answered));
        done.countDown();
    }
}
