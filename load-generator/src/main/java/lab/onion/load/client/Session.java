package lab.onion.load.client;

/**
 * One connection (or stream) that carries requests: the protocol side of a worker. Every method
 * is called on {@link #loop()}, and every callback to the {@link SessionListener} arrives on it.
 */
public interface Session {

    Loop loop();

    /** Connects; answers with {@link SessionListener#onOpen()} or {@link SessionListener#onClosed}. */
    void open(SessionListener listener);

    /**
     * Sends one request whose clock starts at {@code startNanos} (its intended send time). Answers
     * exactly once with {@link SessionListener#onReply} or {@link SessionListener#onFailure},
     * carrying the same {@code startNanos}, never from inside this call.
     */
    void send(long startNanos);

    /** Pushes requests sent since the last flush onto the wire. */
    default void flush() {
    }

    /** Closes without further callbacks. */
    void close();
}
