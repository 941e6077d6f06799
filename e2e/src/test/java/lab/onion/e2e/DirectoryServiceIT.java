package lab.onion.e2e;

import com.github.dockerjava.api.DockerClient;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The directory in the running lab, checked as its README tells a user to check it. */
class DirectoryServiceIT {

    private static Lab lab;
    private static int port;

    @BeforeAll
    static void startLab() {
        lab = Lab.get();
        port = lab.hostPort("directory-service", 8080);
    }

    @Test
    void servesItsPublicKeyAndASignedConsensus() {
        String key = given().port(port).when().get("/keys")
                .then().statusCode(200).contentType(containsString("application/json"))
                .extract().path("publicKey");
        assertEquals(Lab.DIRECTORY_KEYS.publicKey(), key, "the directory signs with the key it was given");

        JsonPath consensus = given().port(port).when().get("/consensus")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(consensus.getLong("version") >= 1, "a consensus has a version");
        assertTrue(consensus.getLong("freshUntilUnixMs") > consensus.getLong("validAfterUnixMs"));
        assertEquals(64, Base64.getDecoder().decode(consensus.getString("signature")).length);
    }

    /** examples/verify-consensus.sh: curl, python3 and openssl, no Java, check the signature. */
    @Test
    void consensusVerifiesWithAClientInAnotherLanguage() throws Exception {
        File script = new File("../directory-service/examples/verify-consensus.sh");
        Process process = new ProcessBuilder("bash", script.getPath(), "http://127.0.0.1:" + port)
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "verify-consensus.sh did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "verify-consensus.sh failed:\n" + output);
        assertTrue(output.contains("Signature Verified Successfully"), output);
    }

    /** A restarted directory signs with the key the relays pinned. */
    @Test
    void keepsItsKeyAcrossARestart() throws Exception {
        String before = given().port(port).when().get("/keys").then().statusCode(200).extract().path("publicKey");
        DockerClient docker = DockerClientFactory.instance().client();
        String id = lab.container("directory-service").getContainerId();
        docker.restartContainerCmd(id).withTimeout(10).exec();
        lab.awaitHealthy("directory-service", Duration.ofSeconds(90));
        port = lab.hostPort("directory-service", 8080);
        String after = given().port(port).when().get("/keys").then().statusCode(200).extract().path("publicKey");
        assertEquals(before, after, "the directory's key changed across a restart");
        List<?> relays = given().port(port).when().get("/consensus").then().statusCode(200).extract().path("relays");
        assertTrue(relays != null, "the consensus lists its relays (none until relays join)");
    }
}
