package lab.onion.push.topic;

/** The four ways a subscriber is told about a message; {@link #tag()} is the metric tag and the name in JSON. */
public enum Mode {
    SHORT_POLL("short-poll"),
    LONG_POLL("long-poll"),
    SSE("sse"),
    WEBSOCKET("websocket");

    private final String tag;

    Mode(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
