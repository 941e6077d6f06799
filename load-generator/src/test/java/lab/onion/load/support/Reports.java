package lab.onion.load.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads a {@code --json} report and checks what every report must satisfy. */
public final class Reports {

    private Reports() {
    }

    public static Path tempReport() throws IOException {
        Path file = Files.createTempFile("load-report", ".json");
        Files.delete(file);
        return file;
    }

    /** Parses the report and checks that every request sent is accounted for. */
    public static JsonNode read(Path file) throws IOException {
        JsonNode report = new ObjectMapper().readTree(file.toFile());
        JsonNode requests = report.get("requests");
        assertEquals(requests.get("sent").asLong(), requests.get("ok").asLong() + requests.get("failed").asLong(),
                "sent = ok + failed: " + requests);
        return report;
    }

    /** Every run ends by itself: duration plus at most the default 5 s grace (plus a connect wait). */
    public static void assertEndedInTime(JsonNode report) {
        double elapsed = report.get("elapsedSeconds").asDouble();
        double limit = report.get("warmupSeconds").asDouble() + report.get("durationSeconds").asDouble() + 5;
        assertTrue(elapsed < limit, "ran " + elapsed + " s, limit " + limit + " s");
    }

    public static long errors(JsonNode report, String kind) {
        JsonNode node = report.get("errors").get(kind);
        return node == null ? 0 : node.get("count").asLong();
    }

    public static void assertNoErrors(JsonNode report) {
        assertTrue(report.get("errors").isEmpty(), "errors: " + report.get("errors"));
        assertEquals(0, report.get("requests").get("failed").asLong());
    }
}
