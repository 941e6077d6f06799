package lab.onion.relay.exit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Exit policy: parsing, first match wins, default refusal, and the addresses never opened by accident. */
class ExitPolicyTest {

    private static final InetAddress GATEWAY = address("172.18.0.1");
    private final AddressGuard guard = new AddressGuard(Set.of(GATEWAY, address("172.18.0.5")));
    private final ExitPolicy defaults = ExitPolicy.parse(ExitPolicy.DEFAULT_RULES, guard);

    @ParameterizedTest(name = "{0}:{2} at {1} -> {3}")
    @CsvSource({
            "echo-service, 172.19.0.2, 8081, true",
            "ECHO-SERVICE, 172.19.0.2, 8081, true",
            "echo-service, 172.19.0.2, 8080, true",
            "push-service, 172.19.0.3, 8080, true",
            "push-service, 172.19.0.3, 8081, false",
            "echo-service, 172.19.0.2, 22, false",
            "example.org, 93.184.216.34, 80, false",
            "172.19.0.2, 172.19.0.2, 8081, false",
            "localhost, 127.0.0.1, 8081, false",
    })
    void theDefaultPolicyAcceptsTheLabsBackendsAndNothingElse(String host, String address, int port, boolean accepted) {
        assertEquals(accepted, defaults.evaluate(host, address(address), port).accepted());
    }

    @Test
    void theFirstMatchingRuleWins() {
        ExitPolicy policy = ExitPolicy.parse(List.of("reject 10.0.0.5:*", "accept 10.0.0.0/8:80-90", "reject *:*"), guard);
        assertEquals(false, policy.evaluate("a", address("10.0.0.5"), 80).accepted());
        assertEquals(true, policy.evaluate("b", address("10.1.2.3"), 85).accepted());
        assertEquals(false, policy.evaluate("b", address("10.1.2.3"), 91).accepted());
        assertEquals(false, policy.evaluate("c", address("11.0.0.1"), 80).accepted());
        assertEquals("rule \"reject 10.0.0.5:*\"", policy.evaluate("a", address("10.0.0.5"), 80).reason());
    }

    @Test
    void whatNoRuleAcceptsIsRefused() {
        ExitPolicy policy = ExitPolicy.parse(List.of("accept echo-service:8081"), guard);
        assertEquals("no rule accepts it", policy.evaluate("other", address("172.19.0.9"), 8081).reason());
    }

    @ParameterizedTest(name = "{0} refused under accept *:*")
    @CsvSource({"127.0.0.1, loopback", "127.5.6.7, loopback", "169.254.1.1, link-local", "0.0.0.0, wildcard",
            "224.0.0.1, multicast", "172.18.0.1, this host's or its gateway's", "172.18.0.5, this host's or its gateway's"})
    void aWildcardNeverOpensTheHostLoopbackLinkLocalOrGateway(String address, String kind) {
        ExitPolicy open = ExitPolicy.parse(List.of("accept *:*"), guard);
        ExitDecision decision = open.evaluate("somewhere", address(address), 80);
        assertEquals(false, decision.accepted());
        assertEquals(address + " is a " + kind + " address that rule \"accept *:*\" does not name", decision.reason());
        ExitPolicy wide = ExitPolicy.parse(List.of("accept 0.0.0.0/0:*"), guard);
        assertEquals(false, wide.evaluate("somewhere", address(address), 80).accepted());
    }

    @Test
    void aRuleThatNamesTheDestinationOpensItExplicitly() {
        ExitPolicy policy = ExitPolicy.parse(List.of("accept localhost:9999", "accept 172.18.0.1:8080", "reject *:*"), guard);
        assertEquals(true, policy.evaluate("localhost", address("127.0.0.1"), 9999).accepted());
        assertEquals(true, policy.evaluate("172.18.0.1", GATEWAY, 8080).accepted());
        assertEquals(false, policy.evaluate("127.0.0.1", address("127.0.0.1"), 9999).accepted());
    }

    @Test
    void beforeResolvingAHostNoRuleCanAcceptIsRefused() {
        assertEquals(true, defaults.mayAccept("echo-service", 8081));
        assertEquals(false, defaults.mayAccept("echo-service", 22));
        assertEquals(false, defaults.mayAccept("example.org", 80));
        ExitPolicy cidr = ExitPolicy.parse(List.of("reject 10.0.0.0/8:*", "accept 172.16.0.0/12:443", "reject *:*"), guard);
        assertEquals(true, cidr.mayAccept("anything", 443));
        assertEquals(false, cidr.mayAccept("anything", 80));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiterString = " => ", value = {
            "acept echo:80 => exit policy rule \"acept echo:80\" is not \"accept|reject host-or-cidr:port-or-*\"",
            "accept echo => exit policy rule \"accept echo\" is not \"accept|reject host-or-cidr:port-or-*\"",
            "accept echo:0 => exit policy rule \"accept echo:0\": port \"0\" is not *, a port 1..65535 or a range low-high",
            "accept echo:90-80 => exit policy rule \"accept echo:90-80\": port \"90-80\" is not *, a port 1..65535 or a range low-high",
            "accept 10.0.0.0/33:80 => exit policy rule \"accept 10.0.0.0/33:80\": \"10.0.0.0/33\" is not an IPv4 network a.b.c.d/0..32",
            "accept 300.1.1.1:80 => exit policy rule \"accept 300.1.1.1:80\": \"300.1.1.1\" is not an IPv4 address",
            "accept ec_ho:80 => exit policy rule \"accept ec_ho:80\": \"ec_ho\" is neither *, a host name nor an IPv4 address or network",
    })
    void aRuleThatDoesNotParseIsNamedInTheError(String rule, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ExitRule.parse(rule)).getMessage());
    }

    @Test
    void readsTheDefaultGatewayFromTheRouteTable() throws Exception {
        Path table = Files.createTempFile("route", "");
        Files.writeString(table, """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t010012AC\t0003\t0\t0\t0\t00000000\t0\t0\t0
                eth0\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
                """);
        assertEquals(Set.of(address("172.18.0.1")), AddressGuard.defaultGateways(table));
        Files.delete(table);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
