package lab.onion.echo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of echo-service; each can be overridden by an environment variable (e.g. {@code ECHO_TCP_PORT}). */
@ConfigMapping(prefix = "echo")
public interface EchoConfig {

    /** The TCP line protocol. */
    Tcp tcp();

    interface Tcp {
        /** Port of the TCP line protocol; 0 picks a free port (tests). */
        @WithDefault("8081")
        int port();

        /** Address to bind to. */
        @WithDefault("0.0.0.0")
        String host();

        /** Longest accepted line in bytes, without its line ending; a longer one gets {@code ERR line too long}. */
        @WithDefault("65536")
        int maxLineLength();

        /** A connection that neither sends nor receives anything for this long is closed. */
        @WithDefault("5M")
        Duration idleTimeout();

        /** Queue length of connections the kernel has accepted but the server not yet taken. */
        @WithDefault("1024")
        int backlog();

        /**
         * Replies a connection may have queued before the server stops reading from it (bytes):
         * a client that sends but never reads is paused, not buffered without bound.
         */
        @WithDefault("262144")
        int writeHighWaterMark();
    }
}
