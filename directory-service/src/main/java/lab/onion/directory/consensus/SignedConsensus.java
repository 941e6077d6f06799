package lab.onion.directory.consensus;

/** A consensus and the directory's Ed25519 signature of its signing bytes. */
public record SignedConsensus(Consensus consensus, byte[] signature) {

    public long version() {
        return consensus.version();
    }
}
