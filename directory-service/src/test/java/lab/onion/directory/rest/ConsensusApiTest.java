package lab.onion.directory.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Context;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import lab.onion.directory.GrpcClient;
import lab.onion.directory.TestRelay;
import lab.onion.directory.consensus.Consensus;
import lab.onion.directory.consensus.ConsensusDocument;
import lab.onion.directory.consensus.ConsensusVerifier;
import lab.onion.directory.consensus.SignedConsensus;
import lab.onion.directory.crypto.DirectoryIdentity;
import lab.onion.directory.crypto.Ed25519;
import lab.onion.directory.crypto.Fingerprint;
import lab.onion.directory.crypto.KeyFile;
import lab.onion.directory.grpc.ProtoMapping;
import lab.onion.directory.v1.GetConsensusRequest;
import lab.onion.directory.v1.WatchConsensusRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consensus as a client sees it: REST JSON, gRPC get and watch, verified with the published key only. */
@QuarkusTest
class ConsensusApiTest {

    private static final String BASE64 = "[A-Za-z0-9+/]+={0,2}";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void keysShowsThePinnableKey() {
        when().get("/keys").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("algorithm", equalTo("Ed25519"))
                .body("publicKey", matchesPattern(BASE64))
                .body("publicKeyHex", matchesPattern("[0-9a-f]{64}"));
        String key = when().get("/keys").jsonPath().getString("publicKey");
        String hex = when().get("/keys").jsonPath().getString("publicKeyHex");
        assertEquals(hex, HexFormat.of().formatHex(Base64.getDecoder().decode(key)));
    }

    @Test
    void theKeyIsTheOneInTheDataFolder() throws Exception {
        byte[] seed = KeyFile.read(Path.of("target/test-data", DirectoryIdentity.KEY_FILE_NAME));
        assertArrayEquals(Ed25519.fromSeed(seed).publicKey(), publishedKey());
    }

    @Test
    void consensusJsonShape() {
        TestRelay relay = TestRelay.create("shape");
        try (GrpcClient grpc = new GrpcClient()) {
            grpc.directory().register(relay.register());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        long now = System.currentTimeMillis();
        String entry = "relays.find { it.nickname == '" + relay.nickname + "' }.";

        when().get("/consensus").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("version", greaterThan(0))
                .body("validAfterUnixMs", lessThanOrEqualTo(now))
                .body("freshUntilUnixMs", greaterThan(now))
                .body("signature", matchesPattern(BASE64))
                .body("relays", instanceOf(java.util.List.class))
                .body(entry + "address", equalTo("127.0.0.1"))
                .body(entry + "linkPort", equalTo(relay.linkPort))
                .body(entry + "identityKey", equalTo(Base64.getEncoder().encodeToString(relay.identityKey())))
                .body(entry + "onionKey", equalTo(Base64.getEncoder().encodeToString(relay.onionKey)))
                .body(entry + "flags", contains("Guard", "Exit"))
                .body(entry + "exitPolicy", contains("accept echo-service:8081", "reject *:*"))
                .body(entry + "publishedUnixMs", allOf(notNullValue(), lessThanOrEqualTo(now)))
                .body(entry + "fingerprint", equalTo(Fingerprint.of(relay.identityKey())));
        assertEquals(64, Base64.getDecoder().decode(when().get("/consensus").jsonPath().getString("signature")).length);
    }

    @Test
    void theConsensusVerifiesWithThePublishedKeyAndFailsAfterAnySingleByteChange() throws Exception {
        try (GrpcClient grpc = new GrpcClient()) {
            grpc.directory().register(TestRelay.create("sig").register());
        }
        ConsensusVerifier verifier = new ConsensusVerifier(publishedKey());
        String body = when().get("/consensus").then().statusCode(200).extract().asString();
        ConsensusDocument document = json.readValue(body, ConsensusDocument.class);

        Consensus consensus = verifier.verify(document);
        assertFalse(consensus.relays().isEmpty());

        SignedConsensus signed = document.toSigned();
        byte[] bytes = signed.consensus().signingBytes();
        assertTrue(verifier.verifies(bytes, signed.signature()));
        // Every byte of the header and the first relay, then a sample of the rest (other tests' relays).
        int first = Math.min(bytes.length, 400);
        for (int i = 0; i < bytes.length; i = i < first ? i + 1 : i + 1 + ThreadLocalRandom.current().nextInt(40)) {
            byte[] changed = bytes.clone();
            changed[i] ^= (byte) (1 + ThreadLocalRandom.current().nextInt(255));
            assertFalse(verifier.verifies(changed, signed.signature()), "byte " + i + " of " + bytes.length);
        }
        byte[] signature = signed.signature().clone();
        signature[0] ^= 1;
        assertFalse(verifier.verifies(bytes, signature));
        assertFalse(new ConsensusVerifier(Ed25519.generate().publicKey()).verifies(bytes, signed.signature()));
    }

    @Test
    void grpcGetConsensusIsTheSameSignedConsensus() throws Exception {
        ConsensusVerifier verifier = new ConsensusVerifier(publishedKey());
        long restVersion = when().get("/consensus").jsonPath().getLong("version");
        try (GrpcClient grpc = new GrpcClient()) {
            SignedConsensus signed = ProtoMapping.signedConsensus(grpc.directory().getConsensus(GetConsensusRequest.getDefaultInstance()));
            Consensus consensus = verifier.verify(signed);
            assertTrue(consensus.version() >= restVersion);
            assertTrue(ConsensusVerifier.isFresh(consensus, System.currentTimeMillis()));
        }
    }

    @Test
    void watchPushesEachNewConsensus() throws Exception {
        ConsensusVerifier verifier = new ConsensusVerifier(publishedKey());
        TestRelay relay = TestRelay.create("watch");
        try (GrpcClient grpc = new GrpcClient()) {
            Context.CancellableContext context = Context.current().withCancellation();
            try {
                context.run(() -> {
                    Iterator<lab.onion.directory.v1.SignedConsensus> stream =
                            grpc.directory().watchConsensus(WatchConsensusRequest.getDefaultInstance());
                    Consensus current = verifier.verify(ProtoMapping.signedConsensus(stream.next()));
                    assertFalse(current.relays().stream().anyMatch(r -> r.nickname().equals(relay.nickname)));

                    long registeredIn = grpc.directory().register(relay.register()).getConsensusVersion();
                    Consensus next;
                    do {
                        next = verifier.verify(ProtoMapping.signedConsensus(stream.next()));
                        assertTrue(next.version() > current.version(), "versions grow");
                        current = next;
                    } while (next.version() < registeredIn);
                    assertTrue(next.relays().stream().anyMatch(r -> r.nickname().equals(relay.nickname)));
                });
            } finally {
                context.cancel(null);
            }
        }
        // A watcher that went away is forgotten.
        long deadline = System.nanoTime() + 5_000_000_000L;
        int watchers;
        do {
            Thread.sleep(50);
            watchers = when().get("/q/health/ready").jsonPath().getInt("checks.find { it.name == 'consensus' }.data.watchers");
        } while (watchers > 0 && System.nanoTime() < deadline);
        assertEquals(0, watchers, "watchers left after the stream was cancelled");
    }

    @Test
    void watchSkipsWhatTheClientAlreadyHas() throws Exception {
        try (GrpcClient grpc = new GrpcClient()) {
            Context.CancellableContext context = Context.current().withCancellation();
            try {
                context.run(() -> {
                    long have = grpc.directory().getConsensus(GetConsensusRequest.getDefaultInstance()).getConsensus().getVersion();
                    Iterator<lab.onion.directory.v1.SignedConsensus> stream = grpc.directory()
                            .watchConsensus(WatchConsensusRequest.newBuilder().setAfterVersion(have).build());
                    grpc.directory().register(TestRelay.create("skip").register());
                    assertTrue(stream.next().getConsensus().getVersion() > have);
                });
            } finally {
                context.cancel(null);
            }
        }
    }

    @Test
    void healthReportsTheConsensus() {
        when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("consensus"))
                .body("checks.find { it.name == 'consensus' }.data.version", greaterThan(0));
    }

    @Test
    void unknownPathsAreNotFound() {
        given().get("/consensus/42").then().statusCode(404);
    }

    @Test
    void metricsCountRegistrations() {
        when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("directory_relays"))
                .body(org.hamcrest.Matchers.containsString("directory_consensus_version"));
    }

    private static byte[] publishedKey() {
        return Base64.getDecoder().decode(when().get("/keys").then().statusCode(200).extract().jsonPath().getString("publicKey"));
    }
}
