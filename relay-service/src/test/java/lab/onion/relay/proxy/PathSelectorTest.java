package lab.onion.relay.proxy;

import lab.onion.relay.directory.ConsensusRelay;
import lab.onion.relay.directory.RelayInfo;
import lab.onion.relay.directory.VerifiedConsensus;
import lab.onion.relay.exit.AddressGuard;
import lab.onion.relay.exit.ExitPolicy;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path selection over hand-made consensuses: flags, exit policies, no relay twice. */
class PathSelectorTest {

    private static int next = 1;

    static ConsensusRelay relay(String name, boolean guard, boolean exit, String... rules) {
        byte[] key = new byte[32];
        key[0] = (byte) next++;
        RelayInfo info = new RelayInfo(name, new InetSocketAddress("10.0.0." + next, 5000), key, key);
        return new ConsensusRelay(info, guard, exit, List.of(rules),
                ExitPolicy.parse(List.of(rules), new AddressGuard(Set.of())));
    }

    static VerifiedConsensus consensus(ConsensusRelay... relays) {
        return new VerifiedConsensus(3, 0, 0, List.of(relays));
    }

    private final PathSelector selector = new PathSelector(new Random(1));

    @Test
    void guardFirstExitLastThatAcceptsTheDestinationNeverOneRelayTwice() throws Exception {
        VerifiedConsensus c = consensus(relay("g", true, false), relay("m", false, false),
                relay("e1", false, true, "accept echo-service:8081", "reject *:*"),
                relay("e2", true, true, "accept push-service:8080", "reject *:*"));
        for (int i = 0; i < 50; i++) {
            List<ConsensusRelay> path = selector.select(c, "echo-service", 8081);
            assertEquals(3, path.size());
            assertTrue(path.get(0).guard());
            assertEquals("e1", path.get(2).nickname());
            assertEquals(3, new HashSet<>(path.stream().map(ConsensusRelay::nickname).toList()).size());
        }
        for (int i = 0; i < 50; i++) {
            List<ConsensusRelay> path = selector.select(c, "push-service", 8080);
            assertEquals("e2", path.get(2).nickname());
            assertEquals("g", path.get(0).nickname(), "the only other guard");
        }
    }

    @Test
    void anExitThatRefusedTheDestinationIsLeftOutAndWithNoOtherExitThereIsNoPath() throws Exception {
        ConsensusRelay e1 = relay("e1", false, true, "accept echo-service:8081", "reject *:*");
        ConsensusRelay e2 = relay("e2", false, true, "accept echo-service:8081", "reject *:*");
        VerifiedConsensus c = consensus(relay("g", true, false), relay("m", false, false), e1, e2);
        for (int i = 0; i < 30; i++) {
            assertEquals("e2", selector.select(c, "echo-service", 8081, exit -> exit == e1).get(2).nickname());
        }
        NoPathException e = assertThrows(NoPathException.class,
                () -> selector.select(c, "echo-service", 8081, exit -> true));
        assertTrue(e.getMessage().contains("accepts echo-service:8081"), e.getMessage());
    }

    @Test
    void refusesWhatNoExitAccepts() {
        VerifiedConsensus c = consensus(relay("g", true, false), relay("m", false, false),
                relay("e", false, true, "accept echo-service:8081", "reject *:*"));
        NoPathException e = assertThrows(NoPathException.class, () -> selector.select(c, "echo-service", 22));
        assertTrue(e.forbidden());
        assertEquals("no exit in consensus 3 accepts echo-service:22", e.getMessage());
        assertThrows(NoPathException.class, () -> selector.select(c, "10.0.0.1", 8081));
    }

    @Test
    void needsThreeDistinctRelaysAndAConsensus() {
        VerifiedConsensus two = consensus(relay("g", true, false), relay("e", true, true, "accept *:*"));
        NoPathException e = assertThrows(NoPathException.class, () -> selector.select(two, "x", 1));
        assertFalse(e.forbidden());
        assertThrows(NoPathException.class, () -> selector.select(null, "x", 1));
    }

    @Test
    void ipRulesMatchAddressLiteralsOnly() {
        ConsensusRelay exit = relay("e", false, true, "accept 10.0.0.0/8:*", "reject *:*");
        assertTrue(exit.allowsExitTo("10.1.2.3", 80));
        assertFalse(exit.allowsExitTo("11.1.2.3", 80));
        assertFalse(relay("n", false, false, "accept *:*").allowsExitTo("10.1.2.3", 80), "no Exit flag");
    }
}
