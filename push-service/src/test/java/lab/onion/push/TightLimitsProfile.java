package lab.onion.push;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Publishing open, subscribing behind a token, small limits that a test can reach, and fast pings. */
public class TightLimitsProfile implements QuarkusTestProfile {

    static final String SUBSCRIBE_TOKEN = "subscribe-token";
    static final int MAX_SUBSCRIBERS = 2;
    static final int MAX_TOPICS = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "push.publish-token", "",
                "push.subscribe-token", SUBSCRIBE_TOKEN,
                "push.max-subscribers-per-topic", Integer.toString(MAX_SUBSCRIBERS),
                "push.max-topics", Integer.toString(MAX_TOPICS),
                "quarkus.websockets-next.server.auto-ping-interval", "1S",
                "push.ws.pong-timeout", "3S");
    }
}
