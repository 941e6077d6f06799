package lab.onion.load.push;

import java.time.Duration;

/**
 * One push run's target and shape.
 *
 * @param prefix         path prefix of the gateway's URL ({@code ""} for a gateway at the root)
 * @param reconnectEvery forced reconnect of each streaming subscriber (SSE, WebSocket), or {@code null}
 */
public record PushSettings(PushServer server, PushMode mode, String host, int port, String prefix, String topic,
                           int subscribers, double publishRate, String token, Duration pollInterval,
                           Duration reconnectEvery, int connectTimeoutMillis) {

    public String url() {
        return "http://" + host + ":" + port + prefix;
    }
}
