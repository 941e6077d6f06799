package lab.onion.directory.rest;

/** The directory's public key as {@code GET /keys} shows it: the key clients pin. */
public record KeysDocument(String algorithm, String publicKey, String publicKeyHex) {
}
