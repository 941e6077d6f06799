package lab.onion.load.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import lab.onion.load.support.EchoServers;
import lab.onion.load.support.LineEchoServer;
import lab.onion.load.support.Reports;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** echo-tcp against a real line echo server on loopback. */
@QuarkusMainTest
class EchoTcpCommandTest {

    @Test
    void closedLoopRepliesAreCheckedAndCountsAddUp(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer server = new LineEchoServer()) {
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("echo-tcp", "--port", String.valueOf(server.port()),
                    "--connections", "4", "--in-flight", "8", "--duration", "1s", "--warmup", "200ms",
                    "--json", json.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            assertTrue(result.getOutput().contains("p99.9"), result.getOutput());
            JsonNode report = Reports.read(json);
            Reports.assertNoErrors(report);
            assertTrue(report.get("requests").get("ok").asLong() > 100, report.toString());
            assertEquals("echo-tcp", report.get("scenario").asText());
            assertEquals("closed-loop", report.get("model").asText());
            for (String field : List.of("count", "mean", "p50", "p90", "p99", "p999", "max")) {
                assertTrue(report.get("latencyMs").has(field), field);
            }
            assertTrue(report.get("throughput").get("okPerSecond").asDouble() > 0);
            assertEquals(8, report.get("parameters").get("inFlight").asInt());
        }
    }

    @Test
    void refusedConnectionsAreCountedAsErrors(QuarkusMainLauncher launcher) throws Exception {
        Path json = Reports.tempReport();
        LaunchResult result = launcher.launch("echo-tcp", "--port", String.valueOf(EchoServers.closedPort()),
                "--connections", "2", "--duration", "1s", "--json", json.toString());

        assertEquals(1, result.exitCode(), "nothing succeeded: " + result.getOutput());
        assertTrue(result.getOutput().contains("connect-refused"), result.getOutput());
        JsonNode report = Reports.read(json);
        Reports.assertEndedInTime(report);
        assertTrue(Reports.errors(report, "connect-refused") >= 2, report.toString());
        assertEquals(0, report.get("requests").get("ok").asLong());
    }

    @Test
    void serverStoppingMidRunIsCountedNotHung(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer server = new LineEchoServer()) {
            server.stopAfterFirstRead(500);
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("echo-tcp", "--port", String.valueOf(server.port()),
                    "--connections", "4", "--in-flight", "4", "--duration", "1500ms", "--json", json.toString());

            assertEquals(0, result.exitCode(), "no threshold given: " + result.getOutput());
            JsonNode report = Reports.read(json);
            Reports.assertEndedInTime(report);
            assertTrue(report.get("requests").get("ok").asLong() > 0, report.toString());
            assertTrue(Reports.errors(report, "connect-refused") > 0, report.toString());
        }
    }

    @Test
    void fixedRateKeepsItsRate(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer server = new LineEchoServer()) {
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("echo-tcp", "--port", String.valueOf(server.port()),
                    "--connections", "4", "--in-flight", "16", "--rate", "1000", "--duration", "2s",
                    "--json", json.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            JsonNode report = Reports.read(json);
            Reports.assertNoErrors(report);
            long sent = report.get("requests").get("sent").asLong();
            assertTrue(sent >= 1800 && sent <= 2200, "2 s at 1000/s, sent " + sent);
            assertEquals(1000.0, report.get("rate").asDouble());
            assertEquals("fixed-rate", report.get("model").asText());
        }
    }

    @Test
    void fixedRateCountsAStallFromTheIntendedSendTime(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer server = new LineEchoServer()) {
            server.stallOnce(300, 1000);
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("echo-tcp", "--port", String.valueOf(server.port()),
                    "--connections", "2", "--in-flight", "4", "--rate", "200", "--duration", "2s",
                    "--json", json.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            JsonNode report = Reports.read(json);
            Reports.assertNoErrors(report);
            // A quarter of the requests were due during the 1 s stall: p99 must show it (wrk2's correction),
            // where a closed loop would only have delayed the few lines in flight.
            double p99 = report.get("latencyMs").get("p99").asDouble();
            assertTrue(p99 >= 500, "p99 " + p99 + " ms");
        }
    }

    @Test
    void maxP99DecidesTheExitCode(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer server = new LineEchoServer()) {
            String port = String.valueOf(server.port());
            LaunchResult strict = launcher.launch("echo-tcp", "--port", port, "--connections", "2",
                    "--duration", "500ms", "--max-p99", "1us", "--no-progress");
            assertEquals(1, strict.exitCode(), strict.getOutput());
            assertTrue(strict.getOutput().contains("--max-p99"), strict.getOutput());

            LaunchResult lenient = launcher.launch("echo-tcp", "--port", port, "--connections", "2",
                    "--duration", "500ms", "--max-p99", "10s", "--max-errors", "0", "--no-progress");
            assertEquals(0, lenient.exitCode(), lenient.getOutput());
        }
    }
}
