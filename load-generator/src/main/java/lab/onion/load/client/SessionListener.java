package lab.onion.load.client;

/** What a {@link Session} reports back; always called on the session's loop. */
public interface SessionListener {

    void onOpen();

    void onReply(long startNanos);

    void onFailure(long startNanos, ErrorKind kind, String message);

    /**
     * The connection failed to open or went away. Every request outstanding on it is reported as
     * failed right after this call, so no new request is sent on the dead connection.
     */
    void onClosed(ErrorKind kind, String message);
}
