package lab.onion.push.topic;

/** A long-poll request parked on a topic until a message after its position is published. */
public interface LongPollWaiter {

    /** Called at most once, outside the topic's lock, with what was published after the waiter's position. */
    void wake(Catchup catchup);
}
