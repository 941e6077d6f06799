package lab.onion.relay.rest;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.CellEncoder;
import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.crypto.Ntor;
import lab.onion.relay.node.RelayNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay as Quarkus runs it: status, health, and a CREATE2 answered on the real link port. */
@QuarkusTest
class StatusResourceTest {

    @Inject
    RelayNode node;

    @Test
    void statusNamesTheRelayAndItsKeys() {
        given().when().get("/status").then()
                .statusCode(200)
                .body("role", equalTo("relay"))
                .body("nodeId", matchesPattern("[0-9a-f]{40}"))
                .body("identityKey", matchesPattern("[0-9a-f]{64}"))
                .body("onionKey", matchesPattern("[0-9a-f]{64}"))
                .body("linkPort", greaterThan(0))
                .body("exitPolicy", hasItem("reject *:*"));
    }

    @Test
    void readyWhileTheLinkPortListens() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'relay-link' }.status", equalTo("UP"));
    }

    @Test
    void answersCreate2OnTheLinkPort() throws Exception {
        Ntor.ClientState handshake = Ntor.client(node.keys().ntorPublicKey(), new SecureRandom());
        ByteBuf out = Unpooled.buffer();
        CellEncoder.encode(new Cell(0x80000001, new ChanMsg.Create2(ChanMsg.HTYPE_NTOR, handshake.onionSkin())), out);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.router().linkPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(out.array(), out.arrayOffset(), out.readableBytes());
            byte[] reply = new byte[Cell.CELL_LEN];
            new DataInputStream(socket.getInputStream()).readFully(reply);
            assertEquals(0x80000001, java.nio.ByteBuffer.wrap(reply).getInt());
            assertEquals(11, reply[4]); // CREATED2
            int hlen = ((reply[5] & 0xff) << 8) | (reply[6] & 0xff);
            handshake.finish(java.util.Arrays.copyOfRange(reply, 7, 7 + hlen));
        }
        // the relay timed its ntor work for /q/metrics
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("onion_relay_create2_seconds_count") && !l.endsWith(" 0.0")),
                "a CREATE2 counted in:\n" + metrics.lines().filter(l -> l.contains("onion_")).toList());
        assertTrue(metrics.contains("onion_relay_create2_seconds{quantile=\"0.5\"}"), "its median published");
    }
}
