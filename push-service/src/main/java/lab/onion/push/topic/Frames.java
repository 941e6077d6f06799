package lab.onion.push.topic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of what push subscribers get besides messages; it has a {@code type} field, a message has none:
 * <ul>
 *   <li>{@code {"type":"gap","after":A,"first":F,"missed":K,"epoch":E}}</li>
 *   <li>{@code {"type":"reset","reason":"epoch-mismatch","first":F,"epoch":E}}</li>
 *   <li>{@code {"type":"error","error":"...","status":400}} or {@code {"type":"error","error":"...","reason":"slow-consumer"}}</li>
 * </ul>
 */
public final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    public static String gap(Gap gap, String epoch) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "gap");
        frame.put("after", gap.after());
        frame.put("first", gap.first());
        frame.put("missed", gap.missed());
        frame.put("epoch", epoch);
        return write(frame);
    }

    public static String reset(Reset reset) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "reset");
        frame.put("reason", reset.reason());
        frame.put("first", reset.first());
        frame.put("epoch", reset.epoch());
        return write(frame);
    }

    /** A refused subscription: the body of the HTTP error it would have been. */
    public static String error(PushException e) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.putAll(e.body());
        return write(frame);
    }

    /** The gateway ends the subscription, e.g. {@code reason} {@code slow-consumer}. */
    public static String error(String reason, String detail) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("error", detail);
        frame.put("reason", reason);
        return write(frame);
    }

    private static String write(Map<String, Object> frame) {
        try {
            return JSON.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
