package lab.onion.relay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Settings of relay-service; each can be overridden by an environment variable (e.g.
 * {@code RELAY_ROLE=proxy}, {@code RELAY_LINK_PORT=5001}, {@code RELAY_FLAGS=guard}).
 */
@ConfigMapping(prefix = "relay")
public interface RelayConfig {

    /** What this process is: an onion router ({@code relay}) or the client onion proxy ({@code proxy}). */
    @WithDefault("relay")
    Role role();

    /** The relay's name in logs, status and (later) its descriptor. */
    @WithDefault("relay")
    String nickname();

    /** The link port: cells over TCP from clients and other relays. */
    Link link();

    /**
     * Where the relay keeps its Ed25519 identity and curve25519 onion secret keys; created with
     * fresh keys on first start, reused after (the node ID stays the same across restarts).
     */
    @WithDefault("/tmp/onion-lab/relay-keys")
    Path keyDirectory();

    /** Flags the relay asks the directory for; only an {@code exit} opens streams. */
    @WithDefault("guard,exit")
    Set<Flag> flags();

    /**
     * Exit policy rules, in order, {@code accept|reject host-or-cidr:port-or-*}; the first that
     * matches decides and what none accepts is refused. Loopback, link-local, this host's and its
     * gateway's addresses are refused unless a rule names them exactly.
     */
    @WithDefault("accept echo-service:8081,accept echo-service:8080,accept push-service:8080,reject *:*")
    List<String> exitPolicy();

    /** How long to wait for a TCP connection to the next relay or an exit destination. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** How long a client waits for a circuit to be built before giving up on it. */
    @WithDefault("30s")
    Duration circuitBuildTimeout();

    enum Role { RELAY, PROXY }

    enum Flag { GUARD, EXIT }

    interface Link {
        /** Port of the link server; 0 picks a free port (tests). */
        @WithDefault("5000")
        int port();

        /** Address to bind to. */
        @WithDefault("0.0.0.0")
        String host();
    }
}
