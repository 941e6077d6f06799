package lab.onion.e2e;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Network namespaces at work, checked from inside the containers: only the exit relay shares a
 * network with the backends; the guard, the middle and the onion proxy cannot reach echo-service
 * at all, neither by name nor by address. Every probe aims at the lab's own containers.
 */
class NetworkIsolationIT {

    private final Lab lab = Lab.get();

    private ExecResult curlFrom(String service, String url) throws Exception {
        return lab.container(service).execInContainer("curl", "-s", "-m", "3", url);
    }

    @Test
    void theExitRelayReachesEchoService() throws Exception {
        ExecResult result = curlFrom("relay-3", "http://echo-service:8080/upper?text=from-the-exit");
        assertEquals(0, result.getExitCode(), result.getStderr());
        assertEquals("FROM-THE-EXIT", result.getStdout());
    }

    @Test
    void guardMiddleAndProxyCannotReachEchoServiceByName() throws Exception {
        for (String service : new String[] {"relay-1", "relay-2", "onion-proxy"}) {
            ExecResult result = curlFrom(service, "http://echo-service:8080/upper?text=leak");
            assertNotEquals(0, result.getExitCode(), service + " reached echo-service: " + result.getStdout());
            assertNotEquals("LEAK", result.getStdout(), service);
        }
    }

    @Test
    void guardMiddleAndProxyCannotReachEchoServiceByAddress() throws Exception {
        String echoOnBackend = lab.ipOn("echo-service", "backend");
        for (String service : new String[] {"relay-1", "relay-2", "onion-proxy"}) {
            ExecResult result = curlFrom(service, "http://" + echoOnBackend + ":8080/upper?text=leak");
            assertNotEquals(0, result.getExitCode(), service + " reached " + echoOnBackend + ": " + result.getStdout());
        }
    }
}
