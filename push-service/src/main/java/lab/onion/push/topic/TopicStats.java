package lab.onion.push.topic;

import java.util.Map;

/**
 * A topic at one moment, as {@code GET /topics/{topic}} shows it.
 *
 * @param topic        its name
 * @param epoch        the gateway's epoch, the stream that {@code lastSeq} belongs to
 * @param lastSeq      seq of the newest message published, 0 if none
 * @param firstSeq     first seq still in the history ({@code lastSeq + 1} if the history is empty)
 * @param history      messages in the history
 * @param historyBytes bytes they count for
 * @param subscribers  subscribers now, per mode (short polls hold none)
 * @param requests     requests and connections so far, per mode
 */
public record TopicStats(String topic, String epoch, long lastSeq, long firstSeq, int history, long historyBytes,
                         Map<String, Integer> subscribers, Map<String, Long> requests) {
}
