package lab.onion.echo.tcp;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A connection that goes quiet is closed after the idle timeout; an active one is not. */
@QuarkusTest
@TestProfile(IdleTimeoutTest.ShortIdleTimeout.class)
class IdleTimeoutTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echo.tcp.idle-timeout", "1s");
        }
    }

    @Inject
    EchoTcpServer server;

    @Test
    void closesAQuietConnectionAndKeepsABusyOne() throws Exception {
        try (LineClient quiet = new LineClient(server.port());
             LineClient busy = new LineClient(server.port())) {
            long start = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                assertEquals("TICK " + i, busy.send("tick " + i + "\n").readLine());
                Thread.sleep(250);
            }
            assertTrue(quiet.isClosedByServer(), "the quiet connection should be closed");
            long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closedAfterMs >= 900, "closed too early: " + closedAfterMs + " ms");
            assertEquals("STILL OPEN", busy.send("still open\n").readLine());
        }
    }
}
