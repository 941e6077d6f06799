package lab.onion.push.topic;

import java.util.List;

/**
 * What a client gets for the position it presented: messages in order, at most one signal, and where it stands.
 *
 * @param messages messages after the position, in seq order
 * @param next     the position to resume after next time: the last seq returned, or where the client now stands
 * @param gap      set if messages it missed have left the history
 * @param reset    set if its position was from another epoch or ahead of the stream
 */
public record Catchup(List<Message> messages, long next, Gap gap, Reset reset) {

    public boolean hasNews() {
        return !messages.isEmpty() || gap != null || reset != null;
    }
}
