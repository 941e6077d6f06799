package lab.onion.push.ws;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import lab.onion.push.config.PushConfig;
import lab.onion.push.topic.PushSubscriber;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dead-peer detection: the server pings every WebSocket ({@code quarkus.websockets-next.server.auto-ping-interval});
 * a peer that has answered nothing for {@code push.ws.pong-timeout} is cut off. Without it a vanished peer (no FIN,
 * no RST) would hold its subscription until TCP gives up, many minutes later.
 */
@ApplicationScoped
public class WsLiveness {

    private static final Logger LOG = Logger.getLogger(WsLiveness.class);

    private final Set<WsSubscriber> watched = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final long pongTimeoutMillis;
    private final Optional<Duration> pingInterval;
    private long timer = -1;

    WsLiveness(Vertx vertx, PushConfig config,
               @ConfigProperty(name = "quarkus.websockets-next.server.auto-ping-interval") Optional<Duration> pingInterval) {
        this.vertx = vertx;
        this.pongTimeoutMillis = config.ws().pongTimeout().toMillis();
        this.pingInterval = pingInterval;
    }

    void start(@Observes StartupEvent event) {
        if (pingInterval.isEmpty()) {
            LOG.warn("quarkus.websockets-next.server.auto-ping-interval is not set: dead WebSocket peers are not detected");
            return;
        }
        if (pingInterval.get().toMillis() >= pongTimeoutMillis) {
            throw new IllegalStateException("push.ws.pong-timeout (" + pongTimeoutMillis + " ms) must be longer than "
                    + "quarkus.websockets-next.server.auto-ping-interval (" + pingInterval.get().toMillis() + " ms)");
        }
        long period = Math.max(100, Math.min(1000, pongTimeoutMillis / 4));
        timer = vertx.setPeriodic(period, id -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void watch(WsSubscriber subscriber) {
        watched.add(subscriber);
    }

    void forget(WsSubscriber subscriber) {
        watched.remove(subscriber);
    }

    private void sweep() {
        long deadline = System.currentTimeMillis() - pongTimeoutMillis;
        for (WsSubscriber subscriber : watched) {
            if (subscriber.lastSeen() < deadline) {
                watched.remove(subscriber);
                subscriber.terminate(PushSubscriber.DEAD_PEER,
                        "dead peer: no pong for " + pongTimeoutMillis + " ms");
            } else if (!subscriber.isOpen()) {
                watched.remove(subscriber);
            }
        }
    }
}
