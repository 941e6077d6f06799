package lab.onion.directory.descriptor;

/**
 * Why the directory refuses a registration or heartbeat, with a message for the relay's operator.
 * An expected outcome of bad input, not a fault: it carries no stack trace and is never logged as
 * an error.
 */
public final class Refusal extends RuntimeException {

    /** The kinds of refusal; the gRPC layer maps each to one status code (see directory.proto). */
    public enum Reason {
        /** A field is malformed: INVALID_ARGUMENT. */
        MALFORMED,
        /** The signature does not verify: UNAUTHENTICATED. */
        BAD_SIGNATURE,
        /** The identity is not on the configured allow-list: PERMISSION_DENIED. */
        NOT_ALLOWED,
        /** A timestamp is too old, in the future, or not after the last one: FAILED_PRECONDITION. */
        STALE,
        /** The nickname or the identity is held by another relay: ALREADY_EXISTS. */
        CONFLICT,
        /** The relay is not registered (expired, or the directory restarted): NOT_FOUND. */
        UNKNOWN_RELAY
    }

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
