package lab.onion.relay.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import lab.onion.relay.directory.TestNetwork;

import java.util.Map;

/** Starts a {@link TestNetwork} (three relays, a signing test directory) for the proxy as Quarkus runs it. */
public class ProxyNetworkResource implements QuarkusTestResourceLifecycleManager {

    static TestNetwork network;

    @Override
    public Map<String, String> start() {
        try {
            network = new TestNetwork();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("relay.role", "proxy",
                "relay.directory.url", network.directoryUrl(),
                "relay.directory.public-key", network.directoryKeyBase64(),
                "relay.socks.port", "0",
                "relay.socks.host", "127.0.0.1");
    }

    @Override
    public void stop() {
        try {
            network.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
