package lab.onion.e2e;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alice reaches Bob through three relays: the onion proxy's SOCKS port, used as curl and ncat
 * would use it, carries streams to echo-service through guard, middle and exit.
 */
class OnionIT {

    private static Lab lab;
    private static int socksPort;

    @BeforeAll
    static void startLab() {
        lab = Lab.get();
        socksPort = lab.hostPort("onion-proxy", 9050);
    }

    /** The proxy pinned the directory key it was configured with (no trust on first use), and uses all three relays. */
    @Test
    void theProxyUsesTheConsensusSignedByThePinnedKey() {
        int http = lab.hostPort("onion-proxy", 8080);
        assertEquals(Lab.DIRECTORY_KEYS.publicKey(),
                given().port(http).when().get("/status").then().statusCode(200).extract().path("proxy.directoryKey"));
        java.util.List<String> relays = given().port(http).when().get("/status").then().extract()
                .path("proxy.consensusRelays");
        assertTrue(relays.containsAll(java.util.List.of("relay-1", "relay-2", "relay-3")), String.valueOf(relays));
    }

    /**
     * The image carries OpenSSL's libcrypto (the base image includes libssl3), so every node does
     * its curve25519 there rather than in BouncyCastle at twice the time per handshake.
     */
    @Test
    void everyNodeComputesCurve25519WithTheImagesLibcrypto() {
        for (String node : java.util.List.of("relay-1", "relay-2", "relay-3", "onion-proxy")) {
            String logs = lab.logs(node);
            String engine = logs.lines().filter(l -> l.contains("curve25519: ")).findFirst()
                    .orElseThrow(() -> new AssertionError(node + " logged no curve25519 engine:\n" + logs));
            assertTrue(engine.contains("curve25519: OpenSSL 3."), node + ": " + engine);
        }
    }

    /** Like curl --socks5-hostname: the proxy gets the name, the exit resolves it. */
    private static Socket throughOnion(String host, int port) throws IOException {
        Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", socksPort)));
        socket.setSoTimeout(20_000);
        socket.connect(InetSocketAddress.createUnresolved(host, port), 20_000);
        return socket;
    }

    /** `ncat --proxy 127.0.0.1:9050 --proxy-type socks5 echo-service 8081` uppercases lines. */
    @Test
    void linesReachEchoServiceThroughThreeRelays() throws Exception {
        try (Socket socket = throughOnion("echo-service", 8081)) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write("hello through the onion\nstraße\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("HELLO THROUGH THE ONION", in.readLine());
            assertEquals("STRASSE", in.readLine());
        }
    }

    /** `curl --socks5-hostname 127.0.0.1:9050 http://echo-service:8080/whoami`: the exit's address. */
    @Test
    void echoServiceSeesTheExitRelayNotTheClient() throws Exception {
        String seen;
        try (Socket socket = throughOnion("echo-service", 8080)) {
            socket.getOutputStream().write(("GET /whoami HTTP/1.1\r\nHost: echo-service\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            seen = response.substring(response.indexOf("\r\n\r\n") + 4).trim();
        }
        String exitOnBackend = lab.ipOn("relay-3", "backend");
        assertEquals(exitOnBackend, seen, "echo-service should see the exit relay's address on the backend network");
    }

    /** The exit obeys its policy: the directory is not an allowed destination. */
    @Test
    void aDestinationOutsideTheExitPolicyIsRefused() {
        IOException refused = assertThrows(IOException.class, () -> throughOnion("directory-service", 8080).close());
        assertTrue(String.valueOf(refused.getMessage()).toLowerCase().contains("not allowed")
                || String.valueOf(refused.getMessage()).toLowerCase().contains("socks"), refused.toString());
    }

    /** docker compose kill relay-2, then start it again: new streams work again within seconds. */
    @Test
    void newStreamsWorkAgainAfterTheMiddleRelayIsKilledAndRestarted() throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        String middle = lab.container("relay-2").getContainerId();
        docker.killContainerCmd(middle).exec();
        docker.startContainerCmd(middle).exec();
        lab.awaitHealthy("relay-2", Duration.ofSeconds(90));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Socket socket = throughOnion("echo-service", 8081)) {
                socket.getOutputStream().write("back again\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if ("BACK AGAIN".equals(reply)) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no working stream within 60 s after relay-2 came back", last);
    }
}
