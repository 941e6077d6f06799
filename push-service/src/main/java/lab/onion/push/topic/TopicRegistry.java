package lab.onion.push.topic;

import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.push.config.PushConfig;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * All topics, created on first use, and the gateway's epoch: a string made at startup that every response, event
 * and frame carries. Seqs start again at 1 after a restart; the new epoch is how a resuming client learns that its
 * seq belongs to a stream that no longer exists.
 */
@ApplicationScoped
public class TopicRegistry {

    private static final Logger LOG = Logger.getLogger(TopicRegistry.class);

    /** A topic name: letters, digits, {@code .}, {@code _}, {@code -}; 1 to 64 of them. */
    public static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final PushConfig config;
    private final String epoch;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

    TopicRegistry(PushConfig config) {
        this.config = config;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.epoch = Long.toString(System.currentTimeMillis(), 36) + "-" + HexFormat.of().formatHex(random);
        LOG.infof("push gateway epoch=%s", epoch);
    }

    public String epoch() {
        return epoch;
    }

    /**
     * The topic of this name, created if new.
     *
     * @throws PushException 400 for a malformed name, 429 if it is new and the gateway has its maximum of topics
     */
    public Topic topic(String name) {
        Topic topic = topics.get(checkName(name));
        if (topic != null) {
            return topic;
        }
        synchronized (this) {
            topic = topics.get(name);
            if (topic == null) {
                if (topics.size() >= config.maxTopics()) {
                    throw PushException.tooMany("too many topics").with("limit", config.maxTopics());
                }
                var history = new History(config.history().maxMessages(), config.history().maxBytes(),
                        config.history().maxAge().toMillis());
                topic = new Topic(name, epoch, history, config.maxSubscribersPerTopic());
                topics.put(name, topic);
                LOG.debugf("topic created: topic=%s", name);
            }
            return topic;
        }
    }

    /**
     * The topic of this name if it was ever used; asking does not create it.
     *
     * @throws PushException 400 for a malformed name
     */
    public Optional<Topic> find(String name) {
        return Optional.ofNullable(topics.get(checkName(name)));
    }

    public Collection<Topic> all() {
        List<Topic> all = new ArrayList<>(topics.values());
        all.sort(Comparator.comparing(Topic::name));
        return all;
    }

    /**
     * What an unused topic of this name looks like: no messages yet, nobody waiting.
     */
    public Topic empty(String name) {
        return new Topic(checkName(name), epoch, new History(1, 1, Long.MAX_VALUE), 0);
    }

    public static String checkName(String name) {
        if (name == null || !TOPIC_NAME.matcher(name).matches()) {
            throw PushException.badRequest("invalid topic name: it must match " + TOPIC_NAME.pattern())
                    .with("topic", name == null ? "" : Position.abbreviate(name))
                    .with("pattern", TOPIC_NAME.pattern());
        }
        return name;
    }
}
