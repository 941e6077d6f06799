package lab.onion.load.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import lab.onion.load.support.PushStubServer;
import lab.onion.load.support.Reports;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * push in every mode against a real HTTP / SSE / WebSocket server that speaks push-service's API (a test stub on
 * loopback): every message reaches every subscriber exactly once and in order, the counts add up, resume after
 * forced reconnects loses and repeats nothing, gaps are counted, and a gateway that stops mid-run is counted as
 * errors while the run still ends in time.
 */
@QuarkusMainTest
class PushCommandTest {

    private static final int SUBSCRIBERS = 5;

    private static JsonNode run(QuarkusMainLauncher launcher, int expectedExit, String... args) throws Exception {
        Path json = Reports.tempReport();
        List<String> all = new ArrayList<>(List.of("push", "--token", PushStubServer.TOKEN, "--no-progress",
                "--json", json.toString()));
        all.addAll(List.of(args));
        LaunchResult result = launcher.launch(all.toArray(String[]::new));
        assertEquals(expectedExit, result.exitCode(), result.getOutput() + result.getErrorOutput());
        return Reports.read(json);
    }

    /** Every published message delivered to every subscriber once, in order; nothing lost. */
    private static void assertExactlyOnceInOrder(JsonNode report) {
        JsonNode push = report.get("push");
        long published = push.get("published").asLong();
        assertTrue(published > 0, report.toString());
        assertEquals(published * push.get("subscribers").asLong(), push.get("delivered").asLong(), report.toString());
        assertEquals(push.get("delivered").asLong(), report.get("requests").get("ok").asLong());
        assertEquals(0, push.get("lost").asLong(), report.toString());
        assertEquals(0, push.get("duplicated").asLong(), report.toString());
        assertEquals(0, push.get("outOfOrder").asLong(), report.toString());
        assertEquals(0, push.get("publishFailed").asLong(), report.toString());
        Reports.assertNoErrors(report);
        assertTrue(report.get("latencyMs").get("count").asLong() == push.get("delivered").asLong(), report.toString());
    }

    @Test
    void everyModeDeliversEveryMessageOnceInOrder(QuarkusMainLauncher launcher) throws Exception {
        try (PushStubServer server = new PushStubServer()) {
            for (String mode : List.of("ws", "sse", "long-poll")) {
                JsonNode report = run(launcher, 0, "--mode", mode, "--url", server.url(),
                        "--subscribers", String.valueOf(SUBSCRIBERS), "--publish-rate", "40", "--duration", "1s");
                assertExactlyOnceInOrder(report);
                assertEquals(40, report.get("push").get("published").asLong(), mode + ": 1 s at 40/s");
                assertEquals(mode, report.get("parameters").get("mode").asText());
                double perDelivery = report.get("push").get("requestsPerDelivery").asDouble();
                if (mode.equals("long-poll")) {
                    assertTrue(perDelivery > 0.02 && perDelivery <= 1.5, mode + ": " + perDelivery);
                } else {
                    // one connect per subscriber for all 40 messages
                    assertTrue(perDelivery > 0 && perDelivery < 0.1, mode + ": " + perDelivery);
                }
            }
            // Polling faster than messages come: more requests than deliveries.
            JsonNode shortPoll = run(launcher, 0, "--mode", "short-poll", "--url", server.url(),
                    "--subscribers", String.valueOf(SUBSCRIBERS), "--publish-rate", "5", "--poll-interval", "50ms",
                    "--duration", "1s", "--grace", "1s");
            assertExactlyOnceInOrder(shortPoll);
            assertTrue(shortPoll.get("push").get("requestsPerDelivery").asDouble() > 1, shortPoll.toString());
        }
    }

    @Test
    void forcedReconnectsResumeWithoutLossOrDuplicates(QuarkusMainLauncher launcher) throws Exception {
        try (PushStubServer server = new PushStubServer()) {
            for (String mode : List.of("ws", "sse")) {
                JsonNode report = run(launcher, 0, "--mode", mode, "--url", server.url(), "--subscribers", "4",
                        "--publish-rate", "100", "--duration", "1500ms", "--reconnect-every", "200ms",
                        "--max-lost", "0");
                assertExactlyOnceInOrder(report);
                assertTrue(report.get("push").get("reconnects").asLong() >= 4, report.toString());
                assertEquals(report.get("push").get("reconnects").asLong() + 4,
                        report.get("push").get("subscriberRequests").asLong(), "one connect each: " + report);
            }
        }
    }

    @Test
    void gapsAreCountedAndTheMissedMessagesLost(QuarkusMainLauncher launcher) throws Exception {
        // A history of 5 messages and a poll every 500 ms at 40 messages/s: most are gone before they are asked for.
        try (PushStubServer server = new PushStubServer(5)) {
            JsonNode report = run(launcher, 1, "--mode", "short-poll", "--url", server.url(), "--subscribers", "2",
                    "--publish-rate", "40", "--poll-interval", "500ms", "--duration", "1s", "--grace", "1s",
                    "--max-lost", "0");
            JsonNode push = report.get("push");
            assertTrue(push.get("gaps").asLong() >= 2, report.toString());
            assertTrue(push.get("lost").asLong() > 0, report.toString());
            assertEquals(push.get("published").asLong() * 2, push.get("delivered").asLong() + push.get("lost").asLong());
            assertTrue(report.get("thresholds").get("violations").get(0).asText().contains("--max-lost"), report.toString());
        }
    }

    @Test
    void gatewayStoppingMidRunIsCountedNotHung(QuarkusMainLauncher launcher) throws Exception {
        try (PushStubServer server = new PushStubServer()) {
            server.stopAfterFirstPublish(500);
            JsonNode report = run(launcher, 0, "--mode", "ws", "--url", server.url(), "--subscribers", "3",
                    "--publish-rate", "50", "--duration", "1500ms", "--grace", "1s");
            Reports.assertEndedInTime(report);
            JsonNode push = report.get("push");
            assertTrue(push.get("delivered").asLong() > 0, report.toString());
            assertTrue(push.get("publishFailed").asLong() > 0, report.toString());
            assertTrue(Reports.errors(report, "connect-refused") > 0, report.toString());
            assertTrue(push.get("reconnects").asLong() > 0, report.toString());
        }
    }
}
