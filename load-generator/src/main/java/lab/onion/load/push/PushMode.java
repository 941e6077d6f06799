package lab.onion.load.push;

import java.util.Arrays;
import java.util.Optional;

/** How the subscribers are told: the four modes of the push gateway. */
public enum PushMode {
    SHORT_POLL("short-poll"),
    LONG_POLL("long-poll"),
    SSE("sse"),
    WS("ws");

    private final String label;

    PushMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<PushMode> of(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst();
    }
}
