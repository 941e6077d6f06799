package lab.onion.push.topic;

/**
 * Signal: the client's position belongs to another stream (the gateway restarted, or the position is ahead of the
 * stream); its seq numbers mean nothing here, and delivery starts over at the beginning of the current history.
 *
 * @param reason {@code epoch-mismatch} or {@code ahead-of-stream}
 * @param epoch  the current epoch, to send with later resumes
 * @param first  the first seq of the current history, where delivery continues
 */
public record Reset(String reason, String epoch, long first) implements Outbound {

    public static final String EPOCH_MISMATCH = "epoch-mismatch";
    public static final String AHEAD_OF_STREAM = "ahead-of-stream";
}
