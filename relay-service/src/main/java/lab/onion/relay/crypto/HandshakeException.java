package lab.onion.relay.crypto;

/** A circuit handshake that failed; the message says which check, never any key material. */
public final class HandshakeException extends Exception {

    public HandshakeException(String message) {
        super(message, null, false, false);
    }
}
