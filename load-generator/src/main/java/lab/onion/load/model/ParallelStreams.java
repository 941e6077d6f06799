package lab.onion.load.model;

import lab.onion.load.report.OnionReport;
import lab.onion.load.report.Stats;
import lab.onion.load.scenario.Scenario;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Rounds of N streams opened at once, each sending one line and reading its reply: how long
 * until all N are done. Repeated for the duration (rounds that start in the warmup are not
 * counted). A stream is a request: {@code sent == ok + failed}; a round's time is recorded when
 * every stream in it succeeded.
 */
public final class ParallelStreams {

    private ParallelStreams() {
    }

    public static OnionReport.Side run(String via, Scenario scenario, Duration warmup, Duration duration, Duration grace)
            throws InterruptedException {
        long begin = System.nanoTime();
        Stats stats = new Stats(begin + warmup.toNanos());
        SingleWriterRecorder perStream = stats.newRecorder();
        Histogram rounds = new Histogram(3);
        long measuredRounds = 0;
        long end = begin + warmup.toNanos() + duration.toNanos();
        int n = scenario.sessions();
        while (System.nanoTime() - end < 0) {
            CountDownLatch done = new CountDownLatch(n);
            List<StreamOnce> streams = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                streams.add(new StreamOnce(scenario.newSession(i), done));
            }
            long start = System.nanoTime();
            for (StreamOnce s : streams) {
                stats.sent(start);
                s.start();
            }
            boolean all = done.await(grace.toNanos(), TimeUnit.NANOSECONDS);
            long roundEnd = System.nanoTime();
            boolean failed = false;
            for (StreamOnce s : streams) {
                if (!all && s.abandon()) {
                    stats.failed(start, s.failure, s.message);
                    failed = true;
                } else if (s.ok()) {
                    stats.ok(start, s.endNanos - start, perStream);
                } else {
                    stats.failed(start, s.failure, s.message);
                    failed = true;
                }
            }
            if (stats.measured(start)) {
                measuredRounds++;
                if (!failed) {
                    rounds.recordValue(roundEnd - start);
                }
            }
            if (failed) {
                TimeUnit.NANOSECONDS.sleep(Worker.BACKOFF_NANOS); // a refused proxy must not spin
            }
        }
        scenario.close();
        return OnionReport.Side.of(via, stats, rounds).withRounds(measuredRounds);
    }
}
