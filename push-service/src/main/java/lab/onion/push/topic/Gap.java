package lab.onion.push.topic;

/**
 * Signal: messages the client asked for have already left the history; it continues at {@code first}.
 *
 * @param after  the position the client asked to resume after
 * @param first  the first seq still available, where delivery continues
 * @param missed how many messages ({@code after+1 .. first-1}) are lost to this client
 */
public record Gap(long after, long first, long missed) implements Outbound {
}
