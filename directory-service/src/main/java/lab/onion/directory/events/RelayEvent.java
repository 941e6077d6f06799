package lab.onion.directory.events;

import lab.onion.directory.descriptor.RelayDescriptor;

import java.time.Duration;

/**
 * A relay joined or left the consensus; fired (CDI, synchronously, in consensus order) after the
 * consensus that shows it is published.
 *
 * @param silentFor for {@link Type#LEFT}: how long the relay had been silent
 */
public record RelayEvent(Type type, RelayDescriptor relay, long consensusVersion, Duration silentFor) {

    public enum Type {
        JOINED("joined"),
        LEFT("left");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        /** The word in log lines and push messages. */
        public String label() {
            return label;
        }
    }
}
