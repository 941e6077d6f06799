package lab.onion.directory.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import lab.onion.directory.GrpcClient;
import lab.onion.directory.TestRelay;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's verification command, run for real: a client in another language (Python, standard
 * library) rebuilds the signed bytes from the JSON, and openssl checks the signature.
 */
@QuarkusTest
class ExternalVerificationTest {

    @Test
    void pythonAndOpensslVerifyTheConsensus() throws Exception {
        assumeTrue(onPath("python3") && onPath("openssl") && onPath("curl"), "needs python3, openssl and curl");
        try (GrpcClient grpc = new GrpcClient()) {
            grpc.directory().register(TestRelay.create("ext").register());
        }
        Process process = new ProcessBuilder("bash", "examples/verify-consensus.sh", "http://localhost:" + RestAssured.port)
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "verify-consensus.sh did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Signature Verified Successfully"), output);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
