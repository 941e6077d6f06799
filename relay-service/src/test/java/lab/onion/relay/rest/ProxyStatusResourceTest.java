package lab.onion.relay.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import lab.onion.relay.node.RelayNode;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy role as Quarkus runs it: readiness on a verified consensus, /status, /new-identity, SOCKS. */
@QuarkusTest
@TestProfile(ProxyStatusResourceTest.ProxyProfile.class)
class ProxyStatusResourceTest {

    public static class ProxyProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxyNetworkResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.directory.retry-initial", "100ms");
        }
    }

    @Inject
    RelayNode node;

    private void awaitReady() throws InterruptedException {
        for (int i = 0; i < 100 && node.consensus().current() == null; i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void readyOnceTheConsensusVerifies() throws Exception {
        awaitReady();
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'onion-proxy' }.data.consensus", equalTo(7));
    }

    @Test
    void statusShowsTheConsensusAndCircuitsAndNewIdentityDropsThem() throws Exception {
        awaitReady();
        byte[] sent = "hello through three hops".getBytes();
        Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", node.socks().port()));
        try (Socket socket = new Socket(socks)) {
            socket.setSoTimeout(20_000);
            socket.connect(new InetSocketAddress("127.0.0.1", ProxyNetworkResource.network.echo.port()), 20_000);
            socket.getOutputStream().write(sent);
            byte[] received = new byte[sent.length];
            new DataInputStream(socket.getInputStream()).readFully(received);
            assertArrayEquals(sent, received);
            given().when().get("/status").then()
                    .statusCode(200)
                    .body("role", equalTo("proxy"))
                    .body("consensusVersion", equalTo(7))
                    .body("proxy.consensusRelays", hasItems("guard1", "middle1", "exit1"))
                    .body("proxy.circuits.hops", hasItem(List.of("guard1", "middle1", "exit1")))
                    .body("proxy.circuits.find { it.streamsOpen == 1 }.bytesSent", equalTo(sent.length))
                    .body("proxy.circuits.find { it.streamsOpen == 1 }.bytesReceived", equalTo(sent.length))
                    .body("proxy.circuits.find { it.streamsOpen == 1 }.buildMillis", greaterThan(0f));
        }
        // builds timed for /q/metrics, whole and hop by hop
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String series : List.of("onion_proxy_build_seconds_count", "onion_proxy_hop_seconds_count{hop=\"1\"}",
                "onion_proxy_hop_seconds_count{hop=\"3\"}")) {
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith(series) && !l.endsWith(" 0.0")),
                    series + " counted in:\n" + metrics.lines().filter(l -> l.contains("onion_")).toList());
        }
        int dropped = given().when().post("/new-identity").then().statusCode(200)
                .body("circuitsDropped", greaterThanOrEqualTo(1)).extract().path("circuitsDropped");
        assertTrue(dropped >= 1);
        try (Socket socket = new Socket(socks)) { // a new circuit serves the next stream
            socket.setSoTimeout(20_000);
            socket.connect(new InetSocketAddress("127.0.0.1", ProxyNetworkResource.network.echo.port()), 20_000);
            socket.getOutputStream().write(sent);
            byte[] received = new byte[sent.length];
            new DataInputStream(socket.getInputStream()).readFully(received);
            assertArrayEquals(sent, received);
        }
    }
}
