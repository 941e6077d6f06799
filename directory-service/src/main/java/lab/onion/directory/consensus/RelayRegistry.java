package lab.onion.directory.consensus;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;
import lab.onion.directory.config.DirectoryConfig;
import lab.onion.directory.crypto.Ed25519;
import lab.onion.directory.crypto.Fingerprint;
import lab.onion.directory.descriptor.DescriptorValidator;
import lab.onion.directory.descriptor.Heartbeat;
import lab.onion.directory.descriptor.Refusal;
import lab.onion.directory.descriptor.RelayDescriptor;
import lab.onion.directory.events.RelayEvent;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The relays the directory knows and when each was last heard from. Admits relays (the checks
 * that need the directory's clock, allow-list and state), keeps them alive on heartbeats, drops the
 * silent ones, and has the {@link ConsensusAuthority} publish a consensus on every change.
 *
 * <p>Nothing is persisted: after a restart relays learn from NOT_FOUND on their next heartbeat that
 * they must register again, so at most one heartbeat interval of knowledge is lost.
 */
@Singleton
public class RelayRegistry {

    private static final Logger LOG = Logger.getLogger(RelayRegistry.class);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Serializes the changes that publish a consensus, from the snapshot of the relays to the
     * events, so consensuses and events come out in order. Taken before the registry's own lock,
     * which guards the maps only and is held briefly: heartbeats never wait for a signature.
     */
    private final Object publishLock = new Object();

    /** One registered relay; guarded by the registry's lock. */
    private static final class Entry {
        RelayDescriptor descriptor;
        byte[] signingBytes;
        long lastHeardNanos;
        long lastHeartbeatSentUnixMs;
    }

    private final ConsensusAuthority authority;
    private final Event<RelayEvent> events;
    private final MeterRegistry meters;
    private final Optional<Set<String>> allowed;
    private final long maxAgeMs;
    private final long maxSkewMs;
    private final long timeoutNanos;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;

    private final Map<String, Entry> byIdentity = new HashMap<>();
    private final Map<String, String> identityByNickname = new HashMap<>();

    RelayRegistry(ConsensusAuthority authority, Event<RelayEvent> events, MeterRegistry meters, DirectoryConfig config) {
        this.authority = authority;
        this.events = events;
        this.meters = meters;
        DirectoryConfig.Relay relay = config.relay();
        this.heartbeatInterval = relay.heartbeatInterval();
        this.heartbeatTimeout = relay.heartbeatTimeout();
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalStateException("directory.relay.heartbeat-timeout (" + heartbeatTimeout
                    + ") must be longer than directory.relay.heartbeat-interval (" + heartbeatInterval + "), both positive");
        }
        this.timeoutNanos = heartbeatTimeout.toNanos();
        this.maxAgeMs = relay.maxDescriptorAge().toMillis();
        this.maxSkewMs = relay.maxClockSkew().toMillis();
        this.allowed = relay.allowedIdentities().map(RelayRegistry::parseAllowList);
        meters.gauge("directory.relays", this, RelayRegistry::size);
        meters.gauge("directory.consensus.version", authority, a -> a.current().version());
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /**
     * Admits or updates a relay; returns the first consensus version that lists this descriptor.
     * Throws a {@link Refusal} for anything that must not join.
     */
    public long register(RelayDescriptor d, byte[] signature) {
        try {
            long version = admit(d, signature);
            count("registrations", "accepted");
            return version;
        } catch (Refusal refusal) {
            count("registrations", refusal.reason().name().toLowerCase(Locale.ROOT));
            LOG.debugf("registration of %s refused (%s): %s", d.nickname(), refusal.reason(), refusal.getMessage());
            throw refusal;
        }
    }

    /** Marks a registered relay alive; returns the current consensus version. */
    public long heartbeat(Heartbeat heartbeat) {
        try {
            long version = acceptHeartbeat(heartbeat);
            count("heartbeats", "accepted");
            return version;
        } catch (Refusal refusal) {
            count("heartbeats", refusal.reason().name().toLowerCase(Locale.ROOT));
            LOG.debugf("heartbeat refused (%s): %s", refusal.reason(), refusal.getMessage());
            throw refusal;
        }
    }

    private long admit(RelayDescriptor d, byte[] signature) {
        DescriptorValidator.check(d, signature);
        String identity = HEX.formatHex(d.identityKey());
        if (allowed.isPresent() && !allowed.get().contains(identity)) {
            throw new Refusal(Refusal.Reason.NOT_ALLOWED, "identity " + Fingerprint.shortOf(d.identityKey())
                    + " is not on this directory's allow-list (directory.relay.allowed-identities)");
        }
        long now = System.currentTimeMillis();
        if (d.publishedUnixMs() > now + maxSkewMs) {
            throw new Refusal(Refusal.Reason.STALE, "descriptor published " + (d.publishedUnixMs() - now)
                    + " ms in the future (allowed clock skew " + maxSkewMs + " ms): check the relay's clock");
        }
        if (d.publishedUnixMs() < now - maxAgeMs) {
            throw new Refusal(Refusal.Reason.STALE, "descriptor published " + (now - d.publishedUnixMs())
                    + " ms ago, older than the allowed " + maxAgeMs + " ms: sign a fresh one");
        }
        byte[] signingBytes = d.signingBytes();
        String nickname = d.nickname().toLowerCase(Locale.ROOT);
        synchronized (publishLock) {
            boolean joined;
            List<RelayDescriptor> snapshot;
            synchronized (this) {
                String holder = identityByNickname.get(nickname);
                if (holder != null && !holder.equals(identity)) {
                    throw new Refusal(Refusal.Reason.CONFLICT, "nickname '" + d.nickname()
                            + "' is held by another identity key (" + Fingerprint.shortOf(HEX.parseHex(holder)) + ")");
                }
                Entry entry = byIdentity.get(identity);
                if (entry != null && !entry.descriptor.nickname().equalsIgnoreCase(d.nickname())) {
                    throw new Refusal(Refusal.Reason.CONFLICT, "identity " + Fingerprint.shortOf(d.identityKey())
                            + " is already registered as '" + entry.descriptor.nickname() + "'");
                }
                if (entry != null && d.publishedUnixMs() < entry.descriptor.publishedUnixMs()) {
                    throw new Refusal(Refusal.Reason.STALE, "descriptor published at " + d.publishedUnixMs()
                            + " is older than the registered one (" + entry.descriptor.publishedUnixMs() + ")");
                }
                if (entry != null && Arrays.equals(entry.signingBytes, signingBytes)) {
                    // The same descriptor again (a retry): already in the current consensus, nothing changes.
                    entry.lastHeardNanos = System.nanoTime();
                    return authority.current().version();
                }
                joined = entry == null;
                if (joined) {
                    entry = new Entry();
                    // Heartbeats from before this descriptor are replays; one sent in the same millisecond is not.
                    entry.lastHeartbeatSentUnixMs = d.publishedUnixMs() - 1;
                    byIdentity.put(identity, entry);
                } else {
                    identityByNickname.remove(entry.descriptor.nickname().toLowerCase(Locale.ROOT));
                }
                identityByNickname.put(nickname, identity);
                entry.descriptor = d;
                entry.signingBytes = signingBytes;
                entry.lastHeardNanos = System.nanoTime();
                snapshot = descriptors();
            }
            SignedConsensus published = authority.publish(snapshot, System.currentTimeMillis());
            if (joined) {
                events.fire(new RelayEvent(RelayEvent.Type.JOINED, d, published.version(), Duration.ZERO));
            } else {
                LOG.debugf("relay updated nickname=%s id=%s consensus=%d", d.nickname(),
                        Fingerprint.shortOf(d.identityKey()), published.version());
            }
            return published.version();
        }
    }

    private long acceptHeartbeat(Heartbeat heartbeat) {
        DescriptorValidator.checkIdentityKey(heartbeat.identityKey());
        DescriptorValidator.checkSignatureLength(heartbeat.signature());
        if (!Ed25519.verify(heartbeat.identityKey(), heartbeat.signingBytes(), heartbeat.signature())) {
            throw new Refusal(Refusal.Reason.BAD_SIGNATURE, "heartbeat signature does not verify with its identity key");
        }
        long now = System.currentTimeMillis();
        long skew = heartbeat.sentUnixMs() - now;
        if (Math.abs(skew) > maxSkewMs) {
            throw new Refusal(Refusal.Reason.STALE, "heartbeat sent " + Math.abs(skew) + " ms "
                    + (skew > 0 ? "in the future" : "ago") + " (allowed clock skew " + maxSkewMs + " ms)");
        }
        String identity = HEX.formatHex(heartbeat.identityKey());
        synchronized (this) {
            Entry entry = byIdentity.get(identity);
            if (entry == null) {
                throw new Refusal(Refusal.Reason.UNKNOWN_RELAY, "relay " + Fingerprint.shortOf(heartbeat.identityKey())
                        + " is not registered (expired, or the directory restarted): register again");
            }
            if (heartbeat.sentUnixMs() <= entry.lastHeartbeatSentUnixMs) {
                throw new Refusal(Refusal.Reason.STALE, "heartbeat sent at " + heartbeat.sentUnixMs()
                        + " is not after the previous one (" + entry.lastHeartbeatSentUnixMs + "): replayed?");
            }
            entry.lastHeartbeatSentUnixMs = heartbeat.sentUnixMs();
            entry.lastHeardNanos = System.nanoTime();
            return authority.current().version();
        }
    }

    /**
     * Drops the relays silent for longer than the heartbeat timeout, and re-issues an unchanged
     * consensus once half its lifetime has passed. Called periodically.
     */
    public void sweep() {
        synchronized (publishLock) {
            List<Entry> silent = new ArrayList<>();
            List<RelayDescriptor> snapshot;
            long nowNanos;
            synchronized (this) {
                nowNanos = System.nanoTime();
                byIdentity.values().removeIf(entry -> {
                    boolean expired = nowNanos - entry.lastHeardNanos > timeoutNanos;
                    if (expired) {
                        silent.add(entry);
                        identityByNickname.remove(entry.descriptor.nickname().toLowerCase(Locale.ROOT));
                    }
                    return expired;
                });
                snapshot = descriptors();
            }
            long now = System.currentTimeMillis();
            if (silent.isEmpty() && !authority.isAging(now)) {
                return;
            }
            SignedConsensus published = authority.publish(snapshot, now);
            for (Entry entry : silent) {
                events.fire(new RelayEvent(RelayEvent.Type.LEFT, entry.descriptor, published.version(),
                        Duration.ofNanos(nowNanos - entry.lastHeardNanos)));
            }
        }
    }

    public synchronized int size() {
        return byIdentity.size();
    }

    /** The registered descriptors; call with the registry's lock held. */
    private List<RelayDescriptor> descriptors() {
        return byIdentity.values().stream().map(e -> e.descriptor).toList();
    }

    private void count(String what, String outcome) {
        meters.counter("directory." + what, "outcome", outcome).increment();
    }

    /** Lowercase hex of each allowed key; a bad entry stops the start, naming it. */
    private static Set<String> parseAllowList(List<String> base64Keys) {
        return base64Keys.stream().map(String::strip).filter(s -> !s.isEmpty()).map(entry -> {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("directory.relay.allowed-identities: '" + entry + "' is not base64");
            }
            if (!Ed25519.isValidPublicKey(key)) {
                throw new IllegalStateException("directory.relay.allowed-identities: '" + entry
                        + "' is not a 32-byte Ed25519 public key");
            }
            return HEX.formatHex(key);
        }).collect(Collectors.toUnmodifiableSet());
    }
}
