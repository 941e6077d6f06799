package lab.onion.load.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import lab.onion.load.support.EchoServers;
import lab.onion.load.support.Reports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** echo-http and echo-grpc against real Vert.x HTTP and gRPC servers on loopback. */
@QuarkusMainTest
class EchoHttpGrpcCommandTest {

    private static EchoServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = new EchoServers();
    }

    @AfterAll
    static void stop() throws Exception {
        servers.close();
    }

    @Test
    void httpClosedLoopCountsAddUp(QuarkusMainLauncher launcher) throws Exception {
        Path json = Reports.tempReport();
        LaunchResult result = launcher.launch("echo-http", "--port", String.valueOf(servers.httpPort()),
                "--connections", "4", "--duration", "1s", "--json", json.toString());

        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        JsonNode report = Reports.read(json);
        Reports.assertNoErrors(report);
        assertTrue(report.get("requests").get("ok").asLong() > 50, report.toString());
    }

    @Test
    void httpFixedRateKeepsItsRate(QuarkusMainLauncher launcher) throws Exception {
        Path json = Reports.tempReport();
        LaunchResult result = launcher.launch("echo-http", "--port", String.valueOf(servers.httpPort()),
                "--connections", "8", "--rate", "500", "--duration", "2s", "--json", json.toString());

        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        JsonNode report = Reports.read(json);
        long sent = report.get("requests").get("sent").asLong();
        assertTrue(sent >= 900 && sent <= 1100, "2 s at 500/s, sent " + sent);
    }

    @Test
    void httpRefusedConnectionsAreErrors(QuarkusMainLauncher launcher) throws Exception {
        Path json = Reports.tempReport();
        LaunchResult result = launcher.launch("echo-http", "--port", String.valueOf(EchoServers.closedPort()),
                "--connections", "2", "--duration", "1s", "--json", json.toString());

        assertEquals(1, result.exitCode(), result.getOutput());
        JsonNode report = Reports.read(json);
        assertTrue(Reports.errors(report, "connect-refused") > 0, report.toString());
        Reports.assertEndedInTime(report);
    }

    @Test
    void grpcUnaryCountsAddUp(QuarkusMainLauncher launcher) throws Exception {
        Path json = Reports.tempReport();
        LaunchResult result = launcher.launch("echo-grpc", "--port", String.valueOf(servers.grpcPort()),
                "--connections", "2", "--in-flight", "4", "--warmup", "1s", "--duration", "1s", "--json", json.toString());

        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        JsonNode report = Reports.read(json);
        Reports.assertNoErrors(report);
        assertTrue(report.get("requests").get("ok").asLong() > 50, report.toString());
    }

    @Test
    void grpcStreamingCountsAddUp(QuarkusMainLauncher launcher) throws Exception {
        Path json = Reports.tempReport();
        LaunchResult result = launcher.launch("echo-grpc", "--streaming", "--port", String.valueOf(servers.grpcPort()),
                "--connections", "2", "--in-flight", "8", "--warmup", "1s", "--duration", "1s", "--json", json.toString());

        assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
        JsonNode report = Reports.read(json);
        Reports.assertNoErrors(report);
        assertTrue(report.get("requests").get("ok").asLong() > 50, report.toString());
        assertTrue(report.get("parameters").get("streaming").asBoolean());
    }
}
