package lab.onion.relay.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;
import lab.onion.relay.directory.TestDirectory;
import lab.onion.relay.node.RelayNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The relay as Quarkus runs it registers with a (test) directory and is ready only then. */
@QuarkusTest
@TestProfile(RelayRegistrationTest.RegisteringProfile.class)
class RelayRegistrationTest {

    static TestDirectory directory;

    public static class DirectoryResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                directory = new TestDirectory(0, 200);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("relay.directory.url", "127.0.0.1:" + directory.port(), "relay.address", "127.0.0.1",
                    "relay.nickname", "relay-3", "relay.flags", "exit");
        }

        @Override
        public void stop() {
            directory.close();
        }
    }

    public static class RegisteringProfile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DirectoryResource.class));
        }
    }

    @Inject
    RelayNode node;

    @Test
    void registersItsSignedDescriptorAndHeartbeats() throws Exception {
        for (int i = 0; i < 200 && directory.heartbeats.isEmpty(); i++) {
            Thread.sleep(50);
        }
        RelayDescriptor sent = directory.registrations.get(0);
        assertEquals("relay-3", sent.getNickname());
        assertEquals("127.0.0.1", sent.getAddress());
        assertEquals(node.router().linkPort(), sent.getLinkPort());
        assertArrayEquals(node.keys().identityKey(), sent.getIdentityKey().toByteArray());
        assertEquals(List.of(RelayFlag.RELAY_FLAG_EXIT), sent.getFlagsList());
        assertEquals("reject *:*", sent.getExitPolicy(sent.getExitPolicyCount() - 1));
        assertEquals(List.of(), directory.refusals);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'relay-link' }.data.registered", equalTo("true"));
        given().when().get("/status").then().statusCode(200).body("registered", equalTo(true));
    }
}
