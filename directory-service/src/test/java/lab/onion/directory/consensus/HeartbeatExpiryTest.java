package lab.onion.directory.consensus;

import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import lab.onion.directory.GrpcClient;
import lab.onion.directory.LogCapture;
import lab.onion.directory.TestRelay;
import lab.onion.directory.crypto.Fingerprint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;

import static io.restassured.RestAssured.given;
import static lab.onion.directory.GrpcClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Liveness with the test profile's 1 s interval and 3 s timeout. */
@QuarkusTest
class HeartbeatExpiryTest {

    private static final long TIMEOUT_MS = 3000;

    @Test
    void aHeartbeatingRelayStaysASilentOneLeavesAndComesBackByRegistering() throws Exception {
        TestRelay relay = TestRelay.create("live");
        try (GrpcClient grpc = new GrpcClient(); LogCapture log = LogCapture.start()) {
            warmUp(grpc);
            grpc.directory().register(relay.register());
            assertTrue(listed(relay));

            // Longer than the timeout, kept alive by heartbeats.
            long lastHeartbeat = 0;
            for (int i = 0; i < 8; i++) {
                Thread.sleep(500);
                grpc.directory().heartbeat(relay.heartbeat());
                lastHeartbeat = System.nanoTime();
                assertTrue(listed(relay), "listed after heartbeat " + i);
            }

            // Silence: gone after the timeout, not before.
            long goneAfterMs = waitUntilUnlisted(relay, 10_000);
            long silentMs = (System.nanoTime() - lastHeartbeat) / 1_000_000;
            assertTrue(silentMs >= TIMEOUT_MS - 100, "left after only " + silentMs + " ms of silence");
            assertTrue(goneAfterMs < 10_000);

            // Its next heartbeat says: register again. It does, and is back.
            Status status = assertStatus(Status.Code.NOT_FOUND, () -> grpc.directory().heartbeat(relay.heartbeat()));
            assertTrue(status.getDescription().contains("register again"));
            grpc.directory().register(relay.register());
            assertTrue(listed(relay));
            grpc.directory().heartbeat(relay.heartbeat());

            String id = Fingerprint.shortOf(relay.identityKey());
            List<String> events = log.lines().stream()
                    .filter(l -> l.level().intValue() == Level.INFO.intValue() && l.message() != null && l.message().contains("nickname=" + relay.nickname + " "))
                    .map(LogCapture.Line::message).toList();
            assertEquals(3, events.size(), events::toString);
            assertTrue(events.get(0).matches("relay joined nickname=" + relay.nickname + " id=" + id
                    + " address=127\\.0\\.0\\.1:" + relay.linkPort + " flags=Guard,Exit consensus=\\d+"), events.get(0));
            assertTrue(events.get(1).matches("relay left nickname=" + relay.nickname + " id=" + id
                    + " reason=heartbeat-timeout silent=\\d+\\.\\ds consensus=\\d+"), events.get(1));
            assertTrue(events.get(2).startsWith("relay joined nickname=" + relay.nickname + " "), events.get(2));
        }
    }

    @Test
    void aRelayThatNeverHeartbeatsLeavesAfterTheTimeout() throws Exception {
        TestRelay relay = TestRelay.create("mute");
        long registered;
        try (GrpcClient grpc = new GrpcClient()) {
            warmUp(grpc);
            grpc.directory().register(relay.register());
            registered = System.nanoTime();
        }
        assertTrue(listed(relay));
        waitUntilUnlisted(relay, 10_000);
        assertTrue((System.nanoTime() - registered) / 1_000_000 >= TIMEOUT_MS - 100);
        assertFalse(listed(relay));
    }

    /** One call of each kind first, so that a cold client's first-call costs do not eat into the timeout. */
    private static void warmUp(GrpcClient grpc) {
        grpc.directory().getConsensus(lab.onion.directory.v1.GetConsensusRequest.getDefaultInstance());
        given().get("/consensus").then().statusCode(200).extract().jsonPath().getList("relays.nickname");
    }

    private static boolean listed(TestRelay relay) {
        List<String> nicknames = given().get("/consensus").then().statusCode(200).extract().jsonPath().getList("relays.nickname");
        return nicknames.contains(relay.nickname);
    }

    /** Polls the consensus until {@code relay} is gone; returns how long that took. */
    private static long waitUntilUnlisted(TestRelay relay, long limitMs) throws InterruptedException {
        long start = System.nanoTime();
        while ((System.nanoTime() - start) / 1_000_000 < limitMs) {
            if (!listed(relay)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        fail(relay.nickname + " still listed after " + limitMs + " ms");
        return limitMs;
    }
}
