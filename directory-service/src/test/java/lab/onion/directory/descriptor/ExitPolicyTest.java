package lab.onion.directory.descriptor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ExitPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "accept echo-service:8081", "reject *:*", "accept *:80", "accept 10.0.0.0/8:*", "accept 0.0.0.0/0:443",
        "reject 10.1.2.3:22", "accept 255.255.255.255:1", "accept a.b-c.example:65535", "accept 1x:1",
    })
    void canonicalRulesParse(String rule) {
        assertEquals(rule, ExitPolicy.Rule.parse(rule).toString());
    }

    static Stream<Arguments> malformedRules() {
        return Stream.of(
                arguments("", "empty rule"),
                arguments("allow *:*", "must start with 'accept ' or 'reject '"),
                arguments("Accept *:*", "must start with 'accept ' or 'reject '"),
                arguments("accept  *:*", "not a host name"),
                arguments("accept *", "missing ':port'"),
                arguments("accept *:0", "port '0' is not * or 1..65535"),
                arguments("accept *:65536", "port '65536' is not * or 1..65535"),
                arguments("accept *:080", "port '080' is not * or 1..65535"),
                arguments("accept *:http", "port 'http' is not * or 1..65535"),
                arguments("accept *:* ", "port '* ' is not * or 1..65535"),
                arguments("accept *:*:*", "not a host name"),
                arguments("accept 10.0.0.1/8:*", "has host bits set (write 10.0.0.0/8)"),
                arguments("accept 10.0.0.0/33:*", "is not an IPv4 prefix"),
                arguments("accept 10.0.0.1/32:*", "not in canonical form (expected 'accept 10.0.0.1:*')"),
                arguments("accept 10.0.0.0/08:*", "is not an IPv4 prefix"),
                arguments("accept 010.0.0.1:*", "is neither an IPv4 address nor a host name"),
                arguments("accept 1.2.3:*", "is neither an IPv4 address nor a host name"),
                arguments("accept Echo-Service:8081", "not a host name"),
                arguments("accept -echo:8081", "not a host name"),
                arguments("accept echo..service:8081", "not a host name"),
                arguments("accept echo_service:8081", "not a host name"));
    }

    @ParameterizedTest
    @MethodSource("malformedRules")
    void malformedRulesAreRefusedWithAReason(String rule, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExitPolicy.Rule.parse(rule));
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should contain '" + reason + "'");
    }

    @ParameterizedTest(name = "{0}:{1} -> {2}")
    @CsvSource({
        "echo-service, 8081, true",
        "ECHO-SERVICE., 8081, true",
        "echo-service, 8080, false",
        "10.1.2.3, 22, false",
        "10.1.2.3, 80, true",
        "10.255.0.1, 443, true",
        "11.0.0.1, 80, false",
        "example.org, 443, true",
        "example.org, 25, false",
    })
    void firstMatchWins(String host, int port, boolean allowed) {
        ExitPolicy policy = ExitPolicy.parse(List.of(
                "accept echo-service:8081",
                "reject 10.1.2.3:22",
                "accept 10.0.0.0/8:*",
                "accept *:443",
                "reject *:*",
                "accept *:25"));
        assertEquals(allowed, policy.allows(host, port));
    }

    @Test
    void noMatchRefuses() {
        assertFalse(ExitPolicy.parse(List.of()).allows("echo-service", 8081));
        assertFalse(ExitPolicy.parse(List.of("accept echo-service:8081")).allows("push-service", 8080));
    }

    @Test
    void ipRulesMatchLiteralsOnlyAndNameRulesNamesOnly() {
        assertFalse(ExitPolicy.parse(List.of("accept 0.0.0.0/0:*")).allows("echo-service", 8081));
        assertTrue(ExitPolicy.parse(List.of("accept 0.0.0.0/0:*")).allows("192.168.1.1", 1));
        assertFalse(ExitPolicy.parse(List.of("accept localhost:*")).allows("127.0.0.1", 1));
    }

    @Test
    void acceptsAnything() {
        assertTrue(ExitPolicy.parse(List.of("accept echo-service:8081", "reject *:*")).acceptsAnything());
        assertFalse(ExitPolicy.parse(List.of("reject *:*", "accept echo-service:8081")).acceptsAnything());
        assertFalse(ExitPolicy.parse(List.of("reject echo-service:8081")).acceptsAnything());
        assertTrue(ExitPolicy.parse(List.of("reject *:22", "accept *:*")).acceptsAnything());
    }

    @Test
    void limits() {
        List<String> tooMany = java.util.Collections.nCopies(ExitPolicy.MAX_RULES + 1, "reject *:*");
        assertThrows(IllegalArgumentException.class, () -> ExitPolicy.parse(tooMany));
        String tooLong = "accept " + "a".repeat(60) + ("." + "a".repeat(60)).repeat(4) + ":1";
        assertThrows(IllegalArgumentException.class, () -> ExitPolicy.Rule.parse(tooLong));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExitPolicy.parse(List.of("reject *:*", "oops")));
        assertTrue(e.getMessage().startsWith("exit policy rule 2 'oops'"), e.getMessage());
    }
}
