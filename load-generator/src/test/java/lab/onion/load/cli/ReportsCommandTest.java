package lab.onion.load.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import lab.onion.load.support.CpuMetricsStub;
import lab.onion.load.support.EchoServers;
import lab.onion.load.support.LineEchoServer;
import lab.onion.load.support.Pages;
import lab.onion.load.support.Reports;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timeline, the HTML page, and the commands that run several scenarios: cgroups and all. */
@QuarkusMainTest
class ReportsCommandTest {

    @Test
    void timelineHasOneEntryPerSecondAndTheHtmlHasItsCharts(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer server = new LineEchoServer()) {
            Path json = Reports.tempReport();
            Path html = Files.createTempFile("load-report", ".html");
            LaunchResult result = launcher.launch("echo-tcp", "--port", String.valueOf(server.port()),
                    "--connections", "2", "--in-flight", "4", "--warmup", "1s", "--duration", "2s",
                    "--json", json.toString(), "--html", html.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            JsonNode report = Reports.read(json);
            JsonNode timeline = report.get("timeline");
            assertEquals(3, timeline.size(), timeline.toString());
            for (int i = 0; i < 3; i++) {
                JsonNode second = timeline.get(i);
                assertEquals(i + 1, second.get("t").asDouble(), 0.001);
                assertEquals(i == 0, second.get("warmup").asBoolean(), second.toString());
                assertTrue(second.get("okPerSecond").asDouble() > 0, second.toString());
                assertTrue(second.get("p99Ms").asDouble() >= second.get("p50Ms").asDouble(), second.toString());
            }
            JsonNode distribution = report.get("latencyDistribution");
            assertTrue(distribution.size() > 10, distribution.toString());
            assertEquals(100.0, distribution.get(distribution.size() - 1).get("percentile").asDouble());
            assertEquals(report.get("latencyMs").get("max").asDouble(),
                    distribution.get(distribution.size() - 1).get("latencyMs").asDouble(), 0.01 * report.get("latencyMs").get("max").asDouble());

            Document page = Pages.parse(html);
            assertTrue(page.getElementsByTagNameNS(Pages.XHTML, "title").item(0).getTextContent().contains("echo-tcp"));
            assertEquals(3, Pages.count(page, Pages.SVG, "svg"), "percentiles, throughput, latency over time");
            assertTrue(Pages.count(page, Pages.SVG, "polyline") >= 5);
            String text = Files.readString(html);
            assertTrue(text.contains("99.9%") && text.contains("warmup"), "percentile axis, warmup shading");
            assertFalse(text.contains("<script") || text.contains("http://") && text.contains("src="), "self-contained");
        }
    }

    @Test
    void cgroupsDrivesBothCopiesAndComparesTheirCpuTime(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer low = new LineEchoServer(); LineEchoServer high = new LineEchoServer();
             CpuMetricsStub lowCpu = new CpuMetricsStub(0.2); CpuMetricsStub highCpu = new CpuMetricsStub(0.8)) {
            Path json = Reports.tempReport();
            Path html = Files.createTempFile("cgroups", ".html");
            LaunchResult result = launcher.launch("cgroups", "--low", "127.0.0.1:" + low.port(), "--high", "127.0.0.1:" + high.port(),
                    "--low-http", lowCpu.url(), "--high-http", highCpu.url(), "--line-size", "256",
                    "--connections", "2", "--in-flight", "4", "--duration", "1500ms", "--warmup", "500ms",
                    "--json", json.toString(), "--html", html.toString());

            assertEquals(0, result.exitCode(), result.getOutput() + result.getErrorOutput());
            assertTrue(result.getOutput().contains("high : low"), result.getOutput());
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            for (String side : new String[] {"low", "high"}) {
                JsonNode s = report.get(side);
                JsonNode requests = s.get("run").get("requests");
                assertEquals(requests.get("sent").asLong(), requests.get("ok").asLong() + requests.get("failed").asLong(), side);
                assertTrue(requests.get("ok").asLong() > 0, side);
                assertEquals(s.get("run").get("throughput").get("okPerSecond").asDouble(), s.get("okPerSecond").asDouble(), 1e-9);
                assertEquals(1.5, s.get("windowSeconds").asDouble(), 0.2, side);
                assertTrue(s.get("cpuSeconds").asDouble() > 0, side);
                assertNull(s.get("cpuError").textValue());
            }
            assertEquals(4.0, report.get("cpuRatio").asDouble(), 0.5, report.toString());
            assertEquals(0.8, report.get("highCpuShare").asDouble(), 0.05);
            assertTrue(report.get("throughputRatio").asDouble() > 0);
            assertTrue(report.get("passed").asBoolean());
            assertEquals(2 * 3, Pages.count(Pages.parse(html), Pages.SVG, "svg"), "both runs' charts");
        }
    }

    @Test
    void cgroupsWithoutMetricsFails(QuarkusMainLauncher launcher) throws Exception {
        try (LineEchoServer low = new LineEchoServer(); LineEchoServer high = new LineEchoServer()) {
            Path json = Reports.tempReport();
            String nowhere = "http://127.0.0.1:" + EchoServers.closedPort();
            LaunchResult result = launcher.launch("cgroups", "--low", "127.0.0.1:" + low.port(), "--high", "127.0.0.1:" + high.port(),
                    "--low-http", nowhere, "--high-http", nowhere, "--line-size", "64", "--connections", "1",
                    "--duration", "1s", "--no-progress", "--json", json.toString());

            assertEquals(1, result.exitCode(), result.getOutput());
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            assertTrue(report.get("low").get("cpuError").asText().contains("cannot read CPU time"), report.toString());
            assertTrue(report.get("low").get("run").get("requests").get("ok").asLong() > 0);
        }
    }

    @Test
    void allRunsEveryScenarioAndGoesOnPastADownTarget(QuarkusMainLauncher launcher) throws Exception {
        try (EchoServers servers = new EchoServers()) {
            Path json = Reports.tempReport();
            Path html = Files.createTempFile("all", ".html");
            LaunchResult result = launcher.launch("all", "--echo-tcp", "127.0.0.1:" + EchoServers.closedPort(),
                    "--echo-http", "127.0.0.1:" + servers.httpPort(), "--echo-grpc", "127.0.0.1:" + servers.grpcPort(),
                    "--only", "echo-tcp,echo-http,echo-grpc", // onion has its own test (OnionCommandTest)
                    "--duration", "1s", "--warmup", "1s", "--connections", "2",
                    "--json", json.toString(), "--html", html.toString());

            assertEquals(1, result.exitCode(), "echo-tcp's target is down: " + result.getOutput());
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            JsonNode runs = report.get("runs");
            assertEquals(3, runs.size(), report.toString());
            assertEquals("echo-tcp", runs.get(0).get("scenario").asText());
            assertFalse(runs.get(0).get("passed").asBoolean());
            assertTrue(runs.get(0).get("failure").asText().contains("no request succeeded"), runs.get(0).toString());
            for (int i = 1; i < 3; i++) {
                JsonNode run = runs.get(i);
                assertTrue(run.get("passed").asBoolean(), run.toString());
                JsonNode requests = run.get("report").get("requests");
                assertEquals(requests.get("sent").asLong(), requests.get("ok").asLong() + requests.get("failed").asLong());
                assertTrue(requests.get("ok").asLong() > 0, run.toString());
                assertEquals(1.0, run.get("report").get("warmupSeconds").asDouble(), "--warmup reaches each scenario");
            }
            assertEquals(2, runs.get(1).get("report").get("parameters").get("connections").asInt(), "--connections reaches each scenario");
            assertEquals("echo-http", runs.get(1).get("scenario").asText());
            assertEquals("echo-grpc", runs.get(2).get("scenario").asText());
            String out = result.getOutput();
            assertTrue(out.contains("FAILED") && out.lines().filter(l -> l.startsWith("echo-")).count() >= 3, out);

            Document page = Pages.parse(html);
            assertEquals(3, Pages.count(page, Pages.XHTML, "section"), "one section per run");
        }
    }
}
