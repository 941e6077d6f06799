package lab.onion.load.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import lab.onion.load.support.BytesServer;
import lab.onion.load.support.EchoServers;
import lab.onion.load.support.LineEchoServer;
import lab.onion.load.support.Reports;
import lab.onion.load.support.TestOnionProxy;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The onion scenario through a tiny SOCKS5 proxy relaying to a real line echo server on loopback. */
@QuarkusMainTest
class OnionCommandTest {

    @Test
    void rttParallelAndBuildThroughSocksWithEveryReplyChecked(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer echo = new LineEchoServer(); TestOnionProxy proxy = new TestOnionProxy(echo.port(), false)) {
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("onion", "--socks", "127.0.0.1:" + proxy.socksPort(),
                    "--proxy-http", proxy.httpUrl(), "--direct", "127.0.0.1:" + echo.port(),
                    "--measure", "rtt,parallel,build", "--streams", "20", "--duration", "800ms", "--no-progress",
                    "--json", json.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            JsonNode report = Reports.read(json);
            Reports.assertNoErrors(report);
            assertEquals("onion", report.get("scenario").asText());
            JsonNode onion = report.get("onion");
            long total = 0;
            for (JsonNode side : new JsonNode[] {onion.at("/rtt/onion"), onion.at("/rtt/direct"),
                    onion.at("/parallel/onion"), onion.at("/parallel/direct"), onion.at("/build/firstStream")}) {
                JsonNode requests = side.get("requests");
                assertEquals(requests.get("sent").asLong(), requests.get("ok").asLong(), side.toString());
                assertTrue(requests.get("ok").asLong() > 0, side.toString());
                total += requests.get("sent").asLong();
            }
            assertEquals(total, report.get("requests").get("sent").asLong(), "the top level counts every measurement");
            assertEquals(report.at("/latencyMs/p99").asDouble(), onion.at("/rtt/onion/latencyMs/p99").asDouble());
            assertTrue(onion.at("/rtt/overheadMs").has("p50"), onion.toString());
            assertTrue(onion.at("/parallel/onion/rounds").asLong() > 0, onion.toString());
            assertEquals(onion.at("/parallel/onion/rounds").asLong(), onion.at("/parallel/onion/latencyMs/count").asLong());
            assertEquals(20 * onion.at("/parallel/onion/rounds").asLong(), onion.at("/parallel/onion/requests/sent").asLong());
            assertEquals(1.25, onion.at("/build/proxyBuildMs/p50").asDouble(), 0.01, onion.toString());
            assertTrue(proxy.identities() > 0);
            assertEquals(java.util.Set.of("echo-service:8081"), proxy.destinations, "the name goes to the proxy unresolved");
            assertTrue(result.getOutput().contains("overhead") && result.getOutput().contains("proxy build"), result.getOutput());
        }
    }

    @Test
    void bulkMovesEveryByteThroughOneStream(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer echo = new LineEchoServer(); TestOnionProxy proxy = new TestOnionProxy(echo.port(), false)) {
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("onion", "--socks", "127.0.0.1:" + proxy.socksPort(),
                    "--direct", "127.0.0.1:" + echo.port(), "--measure", "bulk", "--bulk-size", "8MiB",
                    "--duration", "10s", "--no-progress", "--json", json.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            JsonNode report = Reports.read(json);
            Reports.assertNoErrors(report);
            JsonNode bulk = report.at("/onion/bulk");
            long planned = bulk.get("bytesPlanned").asLong();
            assertTrue(planned >= 8 << 20, bulk.toString());
            for (String via : new String[] {"onion", "direct"}) {
                assertEquals(planned, bulk.at("/" + via + "/bytes").asLong(), via + ": every byte echoed and checked");
                assertTrue(bulk.at("/" + via + "/mbPerSecond").asDouble() > 0, bulk.toString());
            }
        }
    }

    @Test
    void downloadChecksEveryByteOfOneBodyOneWay(QuarkusMainLauncher launcher) throws Exception {
        try (BytesServer bytes = new BytesServer(-1); TestOnionProxy proxy = new TestOnionProxy(bytes.port(), false)) {
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("onion", "--socks", "127.0.0.1:" + proxy.socksPort(),
                    "--direct", "127.0.0.1:1", "--download-direct", "127.0.0.1:" + bytes.port(),
                    "--measure", "download", "--download-size", "3MiB", "--duration", "10s", "--no-progress",
                    "--json", json.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            JsonNode report = Reports.read(json);
            Reports.assertNoErrors(report);
            JsonNode download = report.at("/onion/download");
            assertEquals(3 << 20, download.get("bytesPlanned").asLong());
            for (String via : new String[] {"onion", "direct"}) {
                assertEquals(3 << 20, download.at("/" + via + "/bytes").asLong(), via + ": every byte checked");
                assertEquals(1, download.at("/" + via + "/requests/ok").asLong(), download.toString());
                assertTrue(download.at("/" + via + "/mbPerSecond").asDouble() > 0, download.toString());
            }
            assertTrue(proxy.destinations.contains("echo-service:8080"), proxy.destinations.toString());
        }
    }

    @Test
    void aDownloadWithOneChangedByteFails(QuarkusMainLauncher launcher) throws Exception {
        try (BytesServer bytes = new BytesServer(1_000_000); TestOnionProxy proxy = new TestOnionProxy(bytes.port(), false)) {
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("onion", "--socks", "127.0.0.1:" + proxy.socksPort(),
                    "--direct", "none", "--measure", "download", "--download-size", "2MiB", "--duration", "10s",
                    "--no-progress", "--json", json.toString());

            assertEquals(1, result.exitCode(), result.getOutput());
            JsonNode report = Reports.read(json);
            assertEquals(1, Reports.errors(report, "bad-reply"), report.toString());
            assertTrue(report.at("/onion/download/onion/errors/bad-reply/example").asText().contains("differs"), report.toString());
            assertTrue(report.at("/onion/download/onion/bytes").asLong() < 1_000_000, "counted only up to the bad piece");
        }
    }

    @Test
    void aDownloadThatGetsNoByteIsATimeout(QuarkusMainLauncher launcher) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path json = Reports.tempReport();
            String port = String.valueOf(silent.getLocalPort());
            LaunchResult result = launcher.launch("onion", "--socks", "127.0.0.1:" + port, "--direct", "127.0.0.1:1",
                    "--download-direct", "127.0.0.1:" + port, "--measure", "download", "--download-size", "1MiB", "--duration", "1s", "--no-progress",
                    "--json", json.toString());

            assertEquals(1, result.exitCode(), result.getOutput());
            JsonNode report = Reports.read(json);
            assertEquals(0, report.get("requests").get("ok").asLong(), report.toString());
            assertTrue(Reports.errors(report, "timeout") + Reports.errors(report, "socks-timeout") >= 1, report.toString());
            assertEquals(1, report.at("/onion/download/direct/errors/timeout/count").asLong(), report.toString());
        }
    }

    @Test
    void aRefusingOrMissingProxyIsCountedNotThrown(QuarkusMainLauncher launcher) throws Exception {
        try (TestOnionProxy proxy = new TestOnionProxy(EchoServers.closedPort(), true)) {
            Path json = Reports.tempReport();
            LaunchResult result = launcher.launch("onion", "--socks", "127.0.0.1:" + proxy.socksPort(),
                    "--direct", "none", "--measure", "rtt,parallel", "--streams", "5", "--duration", "600ms",
                    "--json", json.toString());

            assertEquals(1, result.exitCode(), "nothing succeeded: " + result.getOutput());
            assertTrue(result.getOutput().contains("socks-refused"), result.getOutput());
            assertFalse((result.getOutput() + result.getErrorOutput()).contains("\tat "), "no stack trace");
            JsonNode report = Reports.read(json);
            assertEquals(0, report.get("requests").get("ok").asLong());
            assertTrue(Reports.errors(report, "socks-refused") >= 5, report.toString());
            assertTrue(report.at("/onion/parallel/onion/errors/socks-refused/example").asText().contains("FORBIDDEN"), report.toString());
            assertTrue(report.get("elapsedSeconds").asDouble() < 8, report.toString());
        }
        Path json = Reports.tempReport();
        LaunchResult unreachable = launcher.launch("onion", "--socks", "127.0.0.1:" + EchoServers.closedPort(),
                "--direct", "none", "--measure", "rtt", "--duration", "300ms", "--json", json.toString());
        assertEquals(1, unreachable.exitCode(), unreachable.getOutput());
        assertTrue(Reports.errors(Reports.read(json), "connect-refused") > 0, unreachable.getOutput());
    }
}
