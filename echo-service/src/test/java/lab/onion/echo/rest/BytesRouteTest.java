package lab.onion.echo.rest;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class BytesRouteTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void servesExactlyTheBytesAskedForTheLineOverAndOver() {
        int n = 200_001; // more than three 64 KiB pieces, and a line cut short
        byte[] body = given().queryParam("n", n).when().get("/bytes")
                .then().statusCode(200).header("Content-Length", String.valueOf(n))
                .extract().asByteArray();
        byte[] expected = new byte[n];
        for (int i = 0; i < n; i++) {
            expected[i] = BytesRoute.LINE[i % BytesRoute.LINE.length];
        }
        assertArrayEquals(expected, body);
    }

    @Test
    void servesAnEmptyBody() {
        byte[] body = given().queryParam("n", 0).when().get("/bytes")
                .then().statusCode(200).header("Content-Length", "0").extract().asByteArray();
        assertEquals(0, body.length);
    }

    @Test
    void explainsABadSize() {
        for (String bad : new String[]{"-1", "ten", "", "1073741825", "99999999999999999999"}) {
            given().queryParam("n", bad).when().get("/bytes")
                    .then().statusCode(400).body(containsString("'n' must be a number of bytes from 0 to 1073741824"));
        }
        given().when().get("/bytes").then().statusCode(400).body(containsString("got none"));
    }

    @Test
    void aClientThatLeavesMidBodyHarmsNobody() throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /bytes?n=1073741824 HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] some = new byte[100_000];
            int read = 0;
            while (read < some.length) {
                int r = in.read(some, read, some.length - read);
                assertTrue(r > 0, "the body stopped early");
                read += r;
            }
            assertTrue(new String(some, 0, 200, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
        } // closed with almost a gigabyte unread
        given().queryParam("n", 10).when().get("/bytes").then().statusCode(200);
        given().queryParam("text", "still here").when().get("/upper").then().statusCode(200);
    }
}
