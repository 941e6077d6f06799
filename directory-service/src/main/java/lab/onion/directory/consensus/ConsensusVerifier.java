package lab.onion.directory.consensus;

import lab.onion.directory.crypto.Ed25519;

import java.util.Base64;

/**
 * What a client does with a consensus it received: check the directory's signature with the
 * directory key it pinned, and that the consensus is still fresh. Depends on nothing but the JDK
 * and the records of this package, so a client can reuse it; a client in another language rebuilds
 * the signing bytes as documented in directory.proto and the README.
 */
public final class ConsensusVerifier {

    private final byte[] directoryKey;

    /** @param directoryKey the directory's raw 32-byte Ed25519 public key, pinned by the client */
    public ConsensusVerifier(byte[] directoryKey) {
        if (!Ed25519.isValidPublicKey(directoryKey)) {
            throw new IllegalArgumentException("the pinned directory key is not a 32-byte Ed25519 public key");
        }
        this.directoryKey = directoryKey.clone();
    }

    /** @param base64DirectoryKey the key as {@code GET /keys} shows it */
    public static ConsensusVerifier pinning(String base64DirectoryKey) {
        return new ConsensusVerifier(Base64.getDecoder().decode(base64DirectoryKey));
    }

    /** Whether {@code signature} is the pinned directory's signature of {@code consensus}. */
    public boolean verifies(Consensus consensus, byte[] signature) {
        byte[] signingBytes;
        try {
            signingBytes = consensus.signingBytes();
        } catch (IllegalArgumentException unencodable) {
            return false; // e.g. a key that is not 32 bytes: no signature can cover it
        }
        return verifies(signingBytes, signature);
    }

    /** Whether {@code signature} is the pinned directory's signature of these exact signing bytes. */
    public boolean verifies(byte[] signingBytes, byte[] signature) {
        return Ed25519.verify(directoryKey, signingBytes, signature);
    }

    /**
     * The consensus of a JSON document ({@code GET /consensus}) if its signature verifies;
     * otherwise an {@link InvalidConsensusException} saying why.
     */
    public Consensus verify(ConsensusDocument document) {
        SignedConsensus signed;
        try {
            signed = document.toSigned();
        } catch (IllegalArgumentException e) {
            throw new InvalidConsensusException("malformed consensus document: " + e.getMessage());
        }
        return verify(signed);
    }

    /** The consensus if its signature verifies; otherwise an {@link InvalidConsensusException}. */
    public Consensus verify(SignedConsensus signed) {
        if (!verifies(signed.consensus(), signed.signature())) {
            throw new InvalidConsensusException("consensus version " + signed.version()
                    + " is not signed by the pinned directory key");
        }
        return signed.consensus();
    }

    /**
     * Whether a verified consensus is still fresh at {@code nowUnixMs}: before its fresh-until.
     * Valid-after is not checked, so a client clock slightly behind the directory's does not
     * reject a consensus just published.
     */
    public static boolean isFresh(Consensus consensus, long nowUnixMs) {
        return nowUnixMs < consensus.freshUntilUnixMs();
    }

    /** A consensus that must not be used. */
    public static final class InvalidConsensusException extends RuntimeException {
        public InvalidConsensusException(String message) {
            super(message, null, false, false);
        }
    }
}
