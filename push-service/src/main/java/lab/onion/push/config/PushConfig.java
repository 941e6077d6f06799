package lab.onion.push.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of push-service; each can be overridden by an environment variable
 * (e.g. {@code PUSH_PUBLISH_TOKEN}, {@code PUSH_HISTORY_MAX_MESSAGES}).
 */
@ConfigMapping(prefix = "push")
public interface PushConfig {

    /**
     * Bearer token that {@code POST /topics/{topic}} must present ({@code Authorization: Bearer ...});
     * unset or empty: anyone may publish.
     */
    Optional<String> publishToken();

    /**
     * Token that subscribers must present, as {@code Authorization: Bearer ...} or, for browsers'
     * EventSource and WebSocket which cannot set headers, as {@code ?access_token=...};
     * unset or empty: subscribing is open.
     */
    Optional<String> subscribeToken();

    /** Largest accepted message body in bytes; a larger one gets {@code 413}. */
    @WithDefault("65536")
    int maxMessageSize();

    /** Most topics the gateway keeps; a new topic beyond this gets {@code 429}. Topics are never forgotten. */
    @WithDefault("1000")
    int maxTopics();

    /** Most long-poll, SSE and WebSocket subscribers of one topic at once; one more gets {@code 429} (WebSocket: close 1013). */
    @WithDefault("10000")
    int maxSubscribersPerTopic();

    /** The per-topic history that lets a client resume. */
    History history();

    /** Per-subscriber buffering for SSE and WebSocket. */
    Subscriber subscriber();

    /** Short and long polling. */
    Poll poll();

    /** WebSocket liveness. */
    Ws ws();

    interface History {
        /** Most messages a topic keeps; older ones are dropped first. */
        @WithDefault("1000")
        int maxMessages();

        /** Most bytes (of message data) a topic keeps. */
        @WithDefault("4194304")
        long maxBytes();

        /** Messages older than this leave the history. */
        @WithDefault("1H")
        Duration maxAge();
    }

    interface Subscriber {
        /**
         * Messages that may wait for one SSE or WebSocket subscriber (not counting the catch-up from the
         * history it asked for); one more and the subscriber is closed as too slow.
         */
        @WithDefault("1000")
        int maxQueuedMessages();

        /** Bytes that may wait for one SSE or WebSocket subscriber; more and it is closed as too slow. */
        @WithDefault("1048576")
        long maxQueuedBytes();

        /**
         * After the gateway closes a subscriber (slow, dead or rejected), how long the closing message may take
         * to get through before the TCP connection is cut.
         */
        @WithDefault("2S")
        Duration closeGrace();

        /**
         * {@code TCP_NODELAY} on SSE and WebSocket connections. Off (the default, as Nchan has it): a frame written
         * while the subscriber has not yet acknowledged the previous one waits for that acknowledgement and leaves
         * with everything written meanwhile, in one packet (Nagle's algorithm), so a busy subscriber costs fewer
         * packets, system calls and wake-ups on both sides; an idle one acknowledges within microseconds and sees
         * no delay. On: every write is a packet at once.
         */
        @WithDefault("false")
        boolean tcpNoDelay();
    }

    interface Poll {
        /** Most messages in one short- or long-poll response; the client asks again with {@code after=next}. */
        @WithDefault("1000")
        int maxMessages();

        /** Long-poll timeout when the request names none. */
        @WithDefault("30S")
        Duration defaultTimeout();

        /** Longest long-poll timeout a request may ask for; more is a {@code 400}. */
        @WithDefault("60S")
        Duration maxTimeout();
    }

    interface Ws {
        /**
         * A WebSocket peer that has answered no ping (and sent nothing) for this long is taken as gone and cut.
         * Pings are sent every {@code quarkus.websockets-next.server.auto-ping-interval}.
         */
        @WithDefault("60S")
        Duration pongTimeout();
    }
}
