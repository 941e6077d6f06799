package lab.onion.load.model;

import lab.onion.load.client.Session;
import lab.onion.load.report.Progress;
import lab.onion.load.report.RunReport;
import lab.onion.load.report.Stats;
import lab.onion.load.scenario.Scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of a scenario: connect every session, send for warmup plus duration, wait a grace
 * period for outstanding replies, stop. Always ends by itself within connect time plus warmup
 * plus duration plus grace, whatever the target does.
 */
public final class LoadRun {

    /** Longest wait for the sessions' first connection attempts before the clock starts. */
    private static final long CONNECT_WAIT_MILLIS = 3000;

    private LoadRun() {
    }

    /** Told when the measured window opens (after the warmup) and closes (before the grace period). */
    public interface Phases {
        Phases NONE = new Phases() {
        };

        default void measuring() {
        }

        default void measured() {
        }
    }

    public static RunReport execute(Scenario scenario, RunSettings settings, Progress progress) throws InterruptedException {
        return execute(scenario, settings, progress, Phases.NONE);
    }

    /** As {@link #execute(Scenario, RunSettings, Progress)}, calling {@code phases} from this thread at the measured window's edges. */
    public static RunReport execute(Scenario scenario, RunSettings settings, Progress progress, Phases phases)
            throws InterruptedException {
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        Stats stats = new Stats(System.nanoTime());
        int sessions = scenario.sessions();
        List<Worker> workers = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            Session session = scenario.newSession(i);
            workers.add(new Worker(session, stats, scenario.slotsPerSession(), settings.model(), sessions, i));
        }
        CountDownLatch connected = new CountDownLatch(sessions);
        workers.forEach(worker -> worker.connect(connected));
        connected.await(CONNECT_WAIT_MILLIS, TimeUnit.MILLISECONDS);

        long begin = System.nanoTime();
        long warmup = settings.warmup().toNanos();
        long duration = settings.duration().toNanos();
        long end = begin + warmup + duration;
        if (warmup > 0) {
            stats.measureFrom(begin + warmup);
        }
        workers.forEach(worker -> worker.begin(begin, end));

        long measureStart = begin + warmup;
        boolean measuring = false;
        long second = TimeUnit.SECONDS.toNanos(1);
        long lastTick = begin;
        long nextTick = begin + second;
        while (end - nextTick > 0) {
            if (!measuring && measureStart - nextTick <= 0) {
                sleepUntil(measureStart);
                phases.measuring();
                measuring = true;
            }
            sleepUntil(nextTick);
            progress.tick(stats, stats.second((nextTick - begin) / 1e9, 1, nextTick - measureStart <= 0));
            lastTick = nextTick;
            nextTick += second;
        }
        if (!measuring) {
            sleepUntil(measureStart);
            phases.measuring();
        }
        sleepUntil(end);
        phases.measured();
        long graceEnd = end + settings.grace().toNanos();
        while (stats.inFlight() > 0 && graceEnd - System.nanoTime() > 0) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        CountDownLatch stopped = new CountDownLatch(sessions);
        workers.forEach(worker -> worker.stop(stopped));
        stopped.await(2, TimeUnit.SECONDS);
        scenario.close();
        progress.finish(stats, System.nanoTime() - begin);
        // The last entry: from the last tick to the end, with the replies of the grace period.
        stats.second((end - begin) / 1e9, (end - lastTick) / 1e9, end - measureStart <= 0);
        return RunReport.of(scenario, settings, startedAt, System.nanoTime() - startNanos, stats);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos - System.nanoTime()));
    }
}
