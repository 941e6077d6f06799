package lab.onion.directory.events;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import lab.onion.directory.crypto.Fingerprint;
import lab.onion.directory.descriptor.RelayDescriptor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One INFO line per relay joining or leaving: the only INFO lines the directory writes while
 * running. The same fields go into the MDC, so the JSON log (compose) carries them as fields for
 * {@code jq}.
 */
@Singleton
public class RelayEventLog {

    private static final Logger LOG = Logger.getLogger("lab.onion.directory.events");

    void on(@Observes RelayEvent event) {
        RelayDescriptor relay = event.relay();
        String id = Fingerprint.shortOf(relay.identityKey());
        MDC.put("event", "relay-" + event.type().label());
        MDC.put("relay", relay.nickname());
        MDC.put("relayId", id);
        MDC.put("consensusVersion", Long.toString(event.consensusVersion()));
        try {
            if (event.type() == RelayEvent.Type.JOINED) {
                LOG.infof("relay joined nickname=%s id=%s address=%s:%d flags=%s consensus=%d", relay.nickname(), id,
                        relay.address(), relay.linkPort(), relay.flagLabels(), event.consensusVersion());
            } else {
                LOG.infof("relay left nickname=%s id=%s reason=heartbeat-timeout silent=%.1fs consensus=%d",
                        relay.nickname(), id, event.silentFor().toMillis() / 1000.0, event.consensusVersion());
            }
        } finally {
            MDC.remove("event");
            MDC.remove("relay");
            MDC.remove("relayId");
            MDC.remove("consensusVersion");
        }
    }
}
