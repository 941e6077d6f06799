package lab.onion.directory.consensus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import lab.onion.directory.GrpcClient;
import lab.onion.directory.TestRelay;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many relays registering at once, each from its own thread and connection: none is lost. With a
 * long heartbeat timeout, so that a slow machine cannot make relays expire while the test looks.
 */
@QuarkusTest
@TestProfile(ConcurrentRegistrationTest.LongTimeout.class)
class ConcurrentRegistrationTest {

    public static class LongTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("directory.relay.heartbeat-interval", "20s", "directory.relay.heartbeat-timeout", "60s");
        }
    }

    private static final int RELAYS = 50;

    @Test
    void fiftyParallelRegistrationsAllAppearInTheSignedConsensus() throws Exception {
        List<TestRelay> relays = new ArrayList<>();
        for (int i = 0; i < RELAYS; i++) {
            relays.add(TestRelay.create("par" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(RELAYS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Long>> versions = new ArrayList<>();
            for (TestRelay relay : relays) {
                versions.add(pool.submit(() -> {
                    try (GrpcClient grpc = new GrpcClient()) {
                        start.await();
                        long version = grpc.directory().register(relay.register()).getConsensusVersion();
                        grpc.directory().heartbeat(relay.heartbeat());
                        return version;
                    }
                }));
            }
            start.countDown();
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> version : versions) {
                distinct.add(version.get());
            }
            assertEquals(RELAYS, distinct.size(), "each join publishes its own consensus version");
        } finally {
            pool.shutdownNow();
        }

        byte[] key = Base64.getDecoder().decode(when().get("/keys").jsonPath().getString("publicKey"));
        ConsensusDocument document = new ObjectMapper().readValue(when().get("/consensus").asString(), ConsensusDocument.class);
        Consensus consensus = new ConsensusVerifier(key).verify(document);
        Set<String> listed = consensus.relays().stream().map(r -> r.nickname()).collect(Collectors.toSet());
        List<String> missing = relays.stream().map(r -> r.nickname).filter(n -> !listed.contains(n)).toList();
        assertTrue(missing.isEmpty(), "missing from the consensus: " + missing);
        for (int i = 1; i < consensus.relays().size(); i++) {
            assertTrue(Consensus.ORDER.compare(consensus.relays().get(i - 1), consensus.relays().get(i)) < 0,
                    "relays ordered by identity key");
        }
    }
}
