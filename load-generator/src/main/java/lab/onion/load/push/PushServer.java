package lab.onion.load.push;

import java.util.Arrays;
import java.util.Optional;

/**
 * What kind of gateway the target is: its URL layout and protocol.
 * <ul>
 *   <li>{@link #PUSH_SERVICE}: {@code POST /topics/{t}}; {@code /topics/{t}/messages}, {@code /poll}, {@code /sse},
 *       {@code /ws}; frames {@code {"seq":N,"data":...,"epoch":E}}, resume with {@code after=} / {@code Last-Event-ID}
 *       and {@code epoch=}.</li>
 *   <li>{@link #NCHAN}: {@code POST /pub/{t}}; {@code /sub/{t}} for WebSocket (subprotocol {@code ws+meta.nchan},
 *       which puts the message id before each message), EventSource and long poll; the body is the message as
 *       published; resume with {@code Last-Event-ID} / {@code last_event_id=}, or {@code If-Modified-Since} and
 *       {@code If-None-Match} for long polls. No short poll.</li>
 * </ul>
 */
public enum PushServer {
    PUSH_SERVICE("push-service"),
    NCHAN("nchan");

    private final String label;

    PushServer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<PushServer> of(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
    }

    public String publishPath(String prefix, String topic) {
        return prefix + (this == NCHAN ? "/pub/" : "/topics/") + topic;
    }

    /** The subscribe path of a mode, without query. */
    public String subscribePath(String prefix, String topic, PushMode mode) {
        if (this == NCHAN) {
            return prefix + "/sub/" + topic;
        }
        return prefix + "/topics/" + topic + switch (mode) {
            case SHORT_POLL -> "/messages";
            case LONG_POLL -> "/poll";
            case SSE -> "/sse";
            case WS -> "/ws";
        };
    }
}
