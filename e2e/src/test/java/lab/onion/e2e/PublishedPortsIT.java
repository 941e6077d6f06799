package lab.onion.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Security by default: every published port of the lab binds the host's loopback only. */
class PublishedPortsIT {

    @Test
    void everyPublishedPortBindsLoopbackOnly() {
        Lab lab = Lab.get();
        for (Map.Entry<String, List<Integer>> service : Lab.PUBLISHED.entrySet()) {
            for (int port : service.getValue()) {
                assertEquals("127.0.0.1", lab.hostIp(service.getKey(), port),
                        service.getKey() + ":" + port + " must be published on 127.0.0.1 only");
            }
        }
    }
}
