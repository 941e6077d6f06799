package lab.onion.directory.consensus;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import lab.onion.directory.config.DirectoryConfig;
import lab.onion.directory.crypto.DirectoryIdentity;
import lab.onion.directory.descriptor.RelayDescriptor;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Signs and holds the current consensus, and hands each new one to the watchers, in version
 * order. Starts with an empty consensus, so there is always one to serve.
 */
@Startup
@Singleton
public class ConsensusAuthority {

    private static final Logger LOG = Logger.getLogger(ConsensusAuthority.class);

    private final DirectoryIdentity identity;
    private final VersionStore versions;
    private final long lifetimeMs;
    private final List<Consumer<SignedConsensus>> watchers = new CopyOnWriteArrayList<>();
    private volatile SignedConsensus current;

    ConsensusAuthority(DirectoryIdentity identity, DirectoryConfig config) {
        this.identity = identity;
        this.versions = new VersionStore(Path.of(config.dataDir()));
        this.lifetimeMs = config.consensus().lifetime().toMillis();
        if (lifetimeMs < 1000) {
            throw new IllegalStateException("directory.consensus.lifetime must be at least 1s, got " + config.consensus().lifetime());
        }
        publish(List.of(), System.currentTimeMillis());
    }

    /** The newest signed consensus. */
    public SignedConsensus current() {
        return current;
    }

    public byte[] publicKey() {
        return identity.publicKey();
    }

    /** Signs a consensus of {@code relays} with the next version, makes it current and tells the watchers. */
    public synchronized SignedConsensus publish(Collection<RelayDescriptor> relays, long nowUnixMs) {
        List<RelayDescriptor> ordered = new ArrayList<>(relays);
        ordered.sort(Consensus.ORDER);
        // Never before the previous one's valid-after, even if the clock stepped back.
        long validAfter = current == null ? nowUnixMs : Math.max(nowUnixMs, current.consensus().validAfterUnixMs());
        Consensus consensus = new Consensus(versions.next(), validAfter, validAfter + lifetimeMs, ordered);
        SignedConsensus signed = new SignedConsensus(consensus, identity.sign(consensus.signingBytes()));
        current = signed;
        LOG.debugf("consensus version=%d relays=%d", consensus.version(), ordered.size());
        for (Consumer<SignedConsensus> watcher : watchers) {
            watcher.accept(signed);
        }
        return signed;
    }

    /** Whether half of the current consensus's lifetime has passed: time for a fresh one. */
    public boolean isAging(long nowUnixMs) {
        Consensus c = current.consensus();
        return nowUnixMs - c.validAfterUnixMs() >= (c.freshUntilUnixMs() - c.validAfterUnixMs()) / 2;
    }

    /**
     * Hands {@code watcher} the current consensus and then each new one, until the returned
     * action is run. The watcher runs under the publication lock: it must be quick and must not throw.
     */
    public synchronized Runnable watch(Consumer<SignedConsensus> watcher) {
        watcher.accept(current);
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    public int watcherCount() {
        return watchers.size();
    }
}
