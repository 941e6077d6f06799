package lab.onion.push.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import lab.onion.push.topic.Catchup;
import lab.onion.push.topic.Gap;
import lab.onion.push.topic.Message;
import lab.onion.push.topic.Reset;

import java.util.List;

/**
 * The answer to a short or long poll:
 * {@code {"topic": ..., "epoch": ..., "messages": [{"seq": N, "data": ..., "ts": ...}], "next": M}}, plus
 * {@code "gap"} or {@code "reset"} when the client's position needs one. The client asks again with
 * {@code after=next&epoch=epoch}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PollResponse(String topic, String epoch, List<Item> messages, long next, Gap gap, Reset reset) {

    /** One message; {@code data} is the published JSON value, written as is. */
    public record Item(long seq, @JsonRawValue String data, long ts) {
    }

    static PollResponse of(String topic, String epoch, Catchup catchup) {
        List<Item> items = catchup.messages().stream().map(PollResponse::item).toList();
        return new PollResponse(topic, epoch, items, catchup.next(), catchup.gap(), catchup.reset());
    }

    private static Item item(Message m) {
        return new Item(m.seq(), m.data(), m.ts());
    }
}
