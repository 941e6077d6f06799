package lab.onion.directory.consensus;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RelayRegistry#sweep()} on its own thread, a few times per heartbeat timeout, so a
 * silent relay leaves at most a fraction of the timeout late.
 */
@Singleton
public class ExpirySweeper {

    private static final Logger LOG = Logger.getLogger(ExpirySweeper.class);

    private final RelayRegistry registry;
    private ScheduledExecutorService scheduler;

    ExpirySweeper(RelayRegistry registry) {
        this.registry = registry;
    }

    void start(@Observes StartupEvent startup) {
        long periodMs = Math.max(50, Math.min(1000, registry.heartbeatTimeout().toMillis() / 10));
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "directory-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::sweep, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void sweep() {
        try {
            registry.sweep();
        } catch (RuntimeException e) {
            // A bug, not bad input; keep sweeping rather than let the scheduler drop the task.
            LOG.error("expiry sweep failed", e);
        }
    }
}
