package lab.onion.e2e;

import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** echo-service in the running lab, used the way the README tells a user to use it. */
class EchoServiceIT {

    private static Lab lab;
    private static int tcpPort;
    private static int httpPort;

    @BeforeAll
    static void startLab() {
        lab = Lab.get();
        tcpPort = lab.hostPort("echo-service", 8081);
        httpPort = lab.hostPort("echo-service", 8080);
    }

    /** `nc localhost 8081`: type lines, get them back uppercased. */
    @Test
    void tcpLinesComeBackUppercased() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tcpPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write("hello lab\r\nstraße\n\nthree lines in one write\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("HELLO LAB", in.readLine());
            assertEquals("STRASSE", in.readLine());
            assertEquals("", in.readLine());
            assertEquals("THREE LINES IN ONE WRITE", in.readLine());
        }
    }

    @Test
    void tcpOversizedLineIsRefusedAndClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", tcpPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("y".repeat(70_000).getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("ERR line too long", in.readLine());
            assertNull(in.readLine());
        }
    }

    /** `curl 'localhost:8080/upper?text=hi'` prints HI. */
    @Test
    void httpUpper() {
        given().port(httpPort).queryParam("text", "hi")
                .when().get("/upper")
                .then().statusCode(200).body(equalTo("HI"));
    }

    @Test
    void httpWhoamiAnswersWithThePeerAddress() {
        given().port(httpPort).when().get("/whoami")
                .then().statusCode(200).body(matchesPattern("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void healthAndMetricsAreServed() {
        given().port(httpPort).when().get("/q/health/ready")
                .then().statusCode(200).body("status", is("UP"));
        String metrics = given().port(httpPort).when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("echo_tcp_lines_total"), "metrics should count TCP lines");
    }

    /** In compose every service logs one JSON object per line, naming itself. */
    @Test
    void logsAreStructuredJsonNamingTheService() {
        String logs = lab.logs("echo-service");
        String listening = logs.lines().filter(l -> l.contains("echo TCP server listening")).findFirst()
                .orElseThrow(() -> new AssertionError("no startup line in:\n" + logs));
        assertTrue(listening.startsWith("{") && listening.contains("\"service\":\"echo-service\""),
                "expected a JSON line with the service name, got: " + listening);
    }

    static {
        RestAssured.baseURI = "http://127.0.0.1";
    }
}
