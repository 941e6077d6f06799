package lab.onion.push.rest;

import lab.onion.push.topic.TopicStats;

import java.util.List;

/** {@code GET /topics}: the gateway's epoch and every topic used so far. */
public record TopicList(String epoch, List<TopicStats> topics) {
}
