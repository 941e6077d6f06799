package lab.onion.relay.exit;

/**
 * The exit policy's answer for one destination.
 *
 * @param accepted whether the exit may connect
 * @param reason   which rule decided, or why the address is refused anyway
 */
public record ExitDecision(boolean accepted, String reason) {

    static ExitDecision accept(String reason) {
        return new ExitDecision(true, reason);
    }

    static ExitDecision reject(String reason) {
        return new ExitDecision(false, reason);
    }
}
