package lab.onion.push.topic;

/**
 * One published message, immutable and shared by the history and every subscriber queue.
 *
 * @param seq   sequence number within its topic: 1, 2, 3, ...
 * @param ts    publish time, epoch milliseconds
 * @param data  the message as JSON text (a published JSON value, or the body as a JSON string)
 * @param frame {@code {"seq":N,"data":...,"ts":T,"epoch":"E"}}, encoded once: a WebSocket frame, an SSE event's data
 * @param size  bytes this message counts for in history and queue limits
 */
public record Message(long seq, long ts, String data, String frame, long size) implements Outbound {

    static Message of(long seq, long ts, String data, long bodyBytes, String epoch) {
        String frame = "{\"seq\":" + seq + ",\"data\":" + data + ",\"ts\":" + ts + ",\"epoch\":\"" + epoch + "\"}";
        return new Message(seq, ts, data, frame, bodyBytes + (frame.length() - data.length()));
    }
}
