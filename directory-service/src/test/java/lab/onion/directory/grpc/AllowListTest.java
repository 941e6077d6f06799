package lab.onion.directory.grpc;

import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import lab.onion.directory.GrpcClient;
import lab.onion.directory.TestRelay;
import lab.onion.directory.crypto.Ed25519;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static io.restassured.RestAssured.when;
import static lab.onion.directory.GrpcClient.assertStatus;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A directory that admits only listed identities, and signs with a key given by configuration. */
@QuarkusTest
@TestProfile(AllowListTest.Profile.class)
class AllowListTest {

    /** RFC 8032 7.1 TEST 2's key: the one relay identity on the allow-list. */
    static final byte[] ALLOWED_SEED = HexFormat.of().parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    /** RFC 8032 7.1 TEST 3's key: the directory's own, pinned in advance. */
    static final byte[] DIRECTORY_SEED = HexFormat.of().parseHex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Base64.Encoder b64 = Base64.getEncoder();
            return Map.of(
                    "directory.relay.allowed-identities", b64.encodeToString(Ed25519.fromSeed(ALLOWED_SEED).publicKey()),
                    "directory.identity.private-key", b64.encodeToString(DIRECTORY_SEED));
        }
    }

    @Test
    void onlyListedIdentitiesJoin() throws Exception {
        TestRelay listed = TestRelay.withIdentity(Ed25519.fromSeed(ALLOWED_SEED), "listed-" + TestRelay.randomSuffix(6));
        TestRelay other = TestRelay.create("other");
        try (GrpcClient grpc = new GrpcClient()) {
            grpc.directory().register(listed.register());
            Status status = assertStatus(Status.Code.PERMISSION_DENIED, () -> grpc.directory().register(other.register()));
            assertTrue(status.getDescription().contains("allow-list"), status.getDescription());
        }
        when().get("/consensus").then()
                .body("relays.nickname", hasItem(listed.nickname))
                .body("relays.nickname", not(hasItem(other.nickname)));
    }

    @Test
    void theConfiguredKeySigns() {
        when().get("/keys").then().statusCode(200)
                .body("publicKeyHex", equalTo("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025"));
    }
}
