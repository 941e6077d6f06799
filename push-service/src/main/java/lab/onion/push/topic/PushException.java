package lab.onion.push.topic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway refuses, with the HTTP status and the JSON body {@code {"error": ..., "status": ..., ...}}
 * it answers with (WebSocket: an error frame, then a close code).
 */
public final class PushException extends RuntimeException {

    private final int status;
    private final Map<String, Object> details = new LinkedHashMap<>();

    public PushException(int status, String error) {
        super(error, null, false, false);
        this.status = status;
    }

    public static PushException badRequest(String error) {
        return new PushException(400, error);
    }

    public static PushException unauthorized(String error) {
        return new PushException(401, error);
    }

    public static PushException notFound(String error) {
        return new PushException(404, error);
    }

    public static PushException tooLarge(String error) {
        return new PushException(413, error);
    }

    public static PushException tooMany(String error) {
        return new PushException(429, error);
    }

    /** Adds a field to the JSON body. */
    public PushException with(String key, Object value) {
        details.put(key, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String error() {
        return getMessage();
    }

    /** The JSON body: {@code error}, {@code status}, then the details in the order they were added. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.put("status", status);
        body.putAll(details);
        return body;
    }
}
