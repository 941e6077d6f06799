package lab.onion.echo.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class UpperResourceTest {

    @Test
    void uppercasesAQueryParameter() {
        given().queryParam("text", "hi")
                .when().get("/upper")
                .then().statusCode(200).contentType(containsString("text/plain")).body(equalTo("HI"));
    }

    @Test
    void uppercasesUnicodeText() {
        given().queryParam("text", "straße")
                .when().get("/upper")
                .then().statusCode(200).body(equalTo("STRASSE"));
    }

    @Test
    void uppercasesAPostedBody() {
        given().body("hello\nworld").contentType("text/plain")
                .when().post("/upper")
                .then().statusCode(200).body(equalTo("HELLO\nWORLD"));
    }

    @Test
    void explainsAMissingParameter() {
        given().when().get("/upper")
                .then().statusCode(400).body(containsString("missing query parameter 'text'"));
    }

    @Test
    void refusesAnOversizedBody() {
        given().body("x".repeat(2 * 1024 * 1024)).contentType("text/plain")
                .when().post("/upper")
                .then().statusCode(413);
    }

    @Test
    void tellsTheClientItsOwnAddress() {
        given().when().get("/whoami")
                .then().statusCode(200).body(equalTo("127.0.0.1"));
    }

    @Test
    void isReadyOnlyWithTheTcpServerListening() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'echo-tcp' }.status", is("UP"));
    }

    @Test
    void exportsTcpMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("echo_tcp_lines_total"))
                .body(containsString("echo_tcp_connections_open"));
    }
}
