package lab.onion.relay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    /**
     * Flags the relay asks the directory for ({@code guard}, {@code exit}); only an {@code exit}
     * opens streams. A middle-only relay says {@code none} (an empty value means the default).
     */
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

    /**
     * The relay's IPv4 address on the onion network, as published in its descriptor (clients
     * and other relays connect to it); unset: the first non-loopback IPv4 address of the host.
     */
    Optional<String> address();

    /** The directory authority: where a relay registers and the proxy fetches the consensus. */
    Directory directory();

    /** The onion proxy's SOCKS5 port. */
    Socks socks();

    /** The onion proxy's circuit management. */
    Proxy proxy();

    enum Role { RELAY, PROXY }

    enum Flag { GUARD, EXIT, NONE }

    interface Directory {
        /**
         * {@code host:port} of the directory's gRPC/HTTP port, e.g. {@code directory-service:8080}.
         * Required by the proxy; a relay without it runs unregistered (tests, by hand).
         */
        Optional<String> url();

        /**
         * The directory's Ed25519 public key (base64 of 32 bytes) that every consensus must be
         * signed with. Unset: fetched once from {@code GET /keys} on first start (trust on first
         * use, with a warning).
         */
        Optional<String> publicKey();

        /** First wait before retrying an unreachable directory; doubled up to {@link #retryMax()}. */
        @WithDefault("1s")
        Duration retryInitial();

        /**
         * Longest wait between retries. Short, as the lab's heartbeats are: a restarted directory
         * hears from every relay within this much after it answers again.
         */
        @WithDefault("5s")
        Duration retryMax();

        /** Proxy: how often to poll GetConsensus besides watching (a lost watch is renewed then). */
        @WithDefault("30s")
        Duration pollInterval();
    }

    interface Socks {
        /** SOCKS5 port of the onion proxy (0: any free port). */
        @WithDefault("9050")
        int port();

        /** Address to bind the SOCKS port to. */
        @WithDefault("0.0.0.0")
        String host();
    }

    interface Proxy {
        /**
         * Circuits kept built and unused, so that a first stream need not wait for one. They are
         * built one after another, so the first is ready as soon as one build allows.
         */
        @WithDefault("2")
        int preemptiveCircuits();

        /** After this long a circuit takes no new streams (its open streams go on). */
        @WithDefault("10m")
        Duration circuitLifetime();
    }

    interface Link {
        /** Port of the link server; 0 picks a free port (tests). */
        @WithDefault("5000")
        int port();

        /** Address to bind to. */
        @WithDefault("0.0.0.0")
        String host();
    }
}
