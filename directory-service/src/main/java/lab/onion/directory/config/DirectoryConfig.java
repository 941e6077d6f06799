package lab.onion.directory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of directory-service; each can be overridden by an environment variable
 * (e.g. {@code directory.relay.heartbeat-timeout} by {@code DIRECTORY_RELAY_HEARTBEAT_TIMEOUT}).
 */
@ConfigMapping(prefix = "directory")
public interface DirectoryConfig {

    /**
     * Folder for what must outlive a restart: the signing key ({@code identity-ed25519.pem},
     * created on first start unless {@code directory.identity.private-key} is set) and the last
     * consensus version. In the image: {@code /deployments/data}, where a volume belongs.
     */
    @WithDefault("data")
    String dataDir();

    /** The directory's own signing key. */
    Identity identity();

    /** Relay admission and liveness. */
    Relay relay();

    /** The published consensus. */
    Consensus consensus();

    /** Join/leave events to the push gateway. */
    Push push();

    interface Identity {
        /**
         * The Ed25519 private key as base64 of its 32-byte seed (RFC 8032 secret key). When set,
         * no key file is read or written, so clients can pin a key known in advance.
         */
        Optional<String> privateKey();
    }

    interface Relay {
        /** How often a relay should send a heartbeat (told to it in the register reply). */
        @WithDefault("10s")
        Duration heartbeatInterval();

        /** A relay without a heartbeat for this long leaves the consensus. Must exceed the interval. */
        @WithDefault("30s")
        Duration heartbeatTimeout();

        /**
         * Identity keys (base64 of the 32 raw bytes, comma-separated in an environment variable)
         * that may join; unset: any relay with a valid descriptor may join.
         */
        Optional<List<String>> allowedIdentities();

        /** A descriptor published longer ago than this is refused as stale. */
        @WithDefault("10m")
        Duration maxDescriptorAge();

        /**
         * How far ahead of the directory's clock a descriptor's or heartbeat's time may be, and how
         * far behind a heartbeat's.
         */
        @WithDefault("1m")
        Duration maxClockSkew();
    }

    interface Consensus {
        /**
         * fresh-until minus valid-after of each consensus. Unchanged membership still gets a new
         * consensus once half of this has passed, so a current one is always fresh.
         */
        @WithDefault("5m")
        Duration lifetime();
    }

    interface Push {
        /** Base URL of the push gateway, e.g. {@code http://push-service:8080}; unset: no publishing. */
        Optional<String> url();

        /** Bearer token sent with each publication, if the gateway wants one. */
        Optional<String> token();

        /** Topic the events are published to: {@code POST {url}/topics/{topic}}. */
        @WithDefault("directory")
        String topic();

        /** How long one publication may take before it is given up. */
        @WithDefault("2s")
        Duration timeout();
    }
}
