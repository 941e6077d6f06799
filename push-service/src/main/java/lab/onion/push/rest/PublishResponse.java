package lab.onion.push.rest;

/** The answer to a publish: {@code {"topic": ..., "seq": N, "epoch": ..., "ts": ...}}. */
public record PublishResponse(String topic, long seq, String epoch, long ts) {
}
