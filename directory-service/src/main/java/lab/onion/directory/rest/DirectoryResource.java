package lab.onion.directory.rest;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import lab.onion.directory.consensus.ConsensusAuthority;
import lab.onion.directory.consensus.ConsensusDocument;

import java.util.Base64;
import java.util.HexFormat;

/** The consensus and the directory's key, as JSON for curl and any HTTP client. */
@Path("/")
@NonBlocking
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {

    private final ConsensusAuthority authority;
    private final KeysDocument keys;

    DirectoryResource(ConsensusAuthority authority) {
        this.authority = authority;
        byte[] key = authority.publicKey();
        this.keys = new KeysDocument("Ed25519", Base64.getEncoder().encodeToString(key), HexFormat.of().formatHex(key));
    }

    /** The current consensus with its signature (see the README for the signed encoding). */
    @GET
    @Path("consensus")
    public ConsensusDocument consensus() {
        return ConsensusDocument.of(authority.current());
    }

    /** The public key that signs each consensus. */
    @GET
    @Path("keys")
    public KeysDocument keys() {
        return keys;
    }
}
