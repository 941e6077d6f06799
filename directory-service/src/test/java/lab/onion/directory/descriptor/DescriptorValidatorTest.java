package lab.onion.directory.descriptor;

import lab.onion.directory.crypto.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DescriptorValidatorTest {

    private static final Ed25519.RawKeyPair RELAY = Ed25519.generate();

    private static RelayDescriptor valid() {
        return new RelayDescriptor("relay-1", "10.0.0.5", 9001, RELAY.publicKey(), SignedEncodingTest.ONION,
                EnumSet.of(RelayFlag.GUARD, RelayFlag.EXIT), List.of("accept echo-service:8081", "reject *:*"),
                System.currentTimeMillis());
    }

    private static UnaryOperator<RelayDescriptor> nickname(String value) {
        return d -> new RelayDescriptor(value, d.address(), d.linkPort(), d.identityKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs());
    }

    private static UnaryOperator<RelayDescriptor> address(String value) {
        return d -> new RelayDescriptor(d.nickname(), value, d.linkPort(), d.identityKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs());
    }

    private static UnaryOperator<RelayDescriptor> port(int value) {
        return d -> new RelayDescriptor(d.nickname(), d.address(), value, d.identityKey(), d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs());
    }

    private static UnaryOperator<RelayDescriptor> identity(byte[] value) {
        return d -> new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), value, d.onionKey(), d.flags(), d.exitPolicy(), d.publishedUnixMs());
    }

    private static UnaryOperator<RelayDescriptor> onion(byte[] value) {
        return d -> new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), d.identityKey(), value, d.flags(), d.exitPolicy(), d.publishedUnixMs());
    }

    private static UnaryOperator<RelayDescriptor> policy(Set<RelayFlag> flags, List<String> value) {
        return d -> new RelayDescriptor(d.nickname(), d.address(), d.linkPort(), d.identityKey(), d.onionKey(), flags, value, d.publishedUnixMs());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("empty nickname", nickname(""), "nickname '' must be 1-19"),
                arguments("20-character nickname", nickname("a".repeat(20)), "must be 1-19"),
                arguments("nickname with a space", nickname("relay 1"), "must be 1-19"),
                arguments("nickname starting with '-'", nickname("-relay"), "must be 1-19"),
                arguments("host name as address", address("relay-1.lab"), "is not an IPv4 literal"),
                arguments("empty address", address(""), "is not an IPv4 literal"),
                arguments("address with leading zero", address("10.0.0.05"), "is not an IPv4 literal"),
                arguments("address with octet 256", address("10.0.0.256"), "is not an IPv4 literal"),
                arguments("address with port", address("10.0.0.5:9001"), "is not an IPv4 literal"),
                arguments("IPv6 address", address("::1"), "is not an IPv4 literal"),
                arguments("unspecified address", address("0.0.0.0"), "0.0.0.0/8"),
                arguments("multicast address", address("224.0.0.1"), "multicast"),
                arguments("broadcast address", address("255.255.255.255"), "broadcast"),
                arguments("port 0", port(0), "link port 0 is not in 1..65535"),
                arguments("port 65536", port(65536), "link port 65536"),
                arguments("short identity key", identity(new byte[31]), "identity key must be 32 bytes (Ed25519), got 31"),
                arguments("long identity key", identity(new byte[33]), "got 33"),
                arguments("identity key not on the curve", identity(notAPoint()), "not a curve point"),
                arguments("short onion key", onion(new byte[16]), "onion key must be 32 bytes (X25519), got 16"),
                arguments("all-zero onion key", onion(new byte[32]), "all zero"),
                arguments("bad exit rule", policy(EnumSet.of(RelayFlag.EXIT), List.of("accept everything")), "exit policy rule 1"),
                arguments("exit that accepts nothing", policy(EnumSet.of(RelayFlag.EXIT), List.of("reject *:*")), "accepts nothing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFieldsAreRefusedWithTheirName(String name, UnaryOperator<RelayDescriptor> change, String message) {
        Refusal refusal = assertThrows(Refusal.class, () -> DescriptorValidator.checkFields(change.apply(valid())));
        assertEquals(Refusal.Reason.MALFORMED, refusal.reason());
        assertTrue(refusal.getMessage().contains(message), "'" + refusal.getMessage() + "' should contain '" + message + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"r", "relay-1", "Relay_01", "a234567890123456789", "9lives"})
    void validNicknames(String value) {
        DescriptorValidator.checkFields(nickname(value).apply(valid()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0.0", "10.0.0.5", "127.0.0.1", "192.168.10.20", "223.255.255.254"})
    void validAddresses(String value) {
        assertNull(Ipv4.relayAddressProblem(value));
    }

    @Test
    void aGuardMayRejectEverything() {
        DescriptorValidator.checkFields(policy(EnumSet.of(RelayFlag.GUARD), List.of("reject *:*")).apply(valid()));
        DescriptorValidator.checkFields(policy(EnumSet.noneOf(RelayFlag.class), List.of()).apply(valid()));
    }

    @Test
    void signatureMustComeFromTheIdentityKey() {
        RelayDescriptor d = valid();
        DescriptorValidator.check(d, Ed25519.sign(RELAY.seed(), d.signingBytes()));

        Refusal wrongKey = assertThrows(Refusal.class,
                () -> DescriptorValidator.check(d, Ed25519.sign(Ed25519.generate().seed(), d.signingBytes())));
        assertEquals(Refusal.Reason.BAD_SIGNATURE, wrongKey.reason());

        Refusal short_ = assertThrows(Refusal.class, () -> DescriptorValidator.check(d, new byte[10]));
        assertEquals(Refusal.Reason.MALFORMED, short_.reason());
    }

    private static byte[] notAPoint() {
        byte[] key = new byte[32];
        key[0] = 2;
        return key;
    }
}
