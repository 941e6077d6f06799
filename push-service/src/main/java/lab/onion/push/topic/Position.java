package lab.onion.push.topic;

import java.util.regex.Pattern;

/**
 * Where a client says it stands in a topic's stream.
 *
 * @param after the last seq it has seen, or {@code null} for "only what is published from now on"
 * @param epoch the epoch that seq belongs to, or {@code null} if the client did not say
 */
public record Position(Long after, String epoch) {

    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public static final Position LIVE = new Position(null, null);

    /**
     * Parses a client's position from request parameters.
     *
     * @param name  the parameter's name, for the error message
     * @param after its value, or {@code null}
     * @param epoch the {@code epoch} parameter, or {@code null}
     * @throws PushException 400 if either is malformed
     */
    public static Position parse(String name, String after, String epoch) {
        Long seq = null;
        if (after != null && !after.isEmpty()) {
            try {
                seq = Long.parseLong(after);
            } catch (NumberFormatException e) {
                seq = -1L;
            }
            if (seq < 0) {
                throw PushException.badRequest("'" + name + "' must be a non-negative integer (a seq), got '"
                        + abbreviate(after) + "'").with("parameter", name);
            }
        }
        if (epoch != null && !epoch.isEmpty()) {
            if (!EPOCH.matcher(epoch).matches()) {
                throw PushException.badRequest("'epoch' must match " + EPOCH.pattern() + ", got '"
                        + abbreviate(epoch) + "'").with("parameter", "epoch");
            }
        } else {
            epoch = null;
        }
        return new Position(seq, epoch);
    }

    /** This position, or {@code after=0} (the whole history) if the client named none. */
    public Position orFromStart() {
        return after != null ? this : new Position(0L, epoch);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
