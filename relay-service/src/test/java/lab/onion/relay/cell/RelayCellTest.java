package lab.onion.relay.cell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Relay messages inside RELAY bodies: layout, every message both ways, and the errors. */
class RelayCellTest {

    private static final Random PADDING = new Random(7);

    static Stream<Arguments> messages() throws Exception {
        byte[] full = new byte[RelayCell.MAX_DATA_LEN];
        Arrays.fill(full, (byte) 0xee);
        byte[] digest = new byte[20];
        Arrays.fill(digest, (byte) 0xd1);
        byte[] id = new byte[20];
        Arrays.fill(id, (byte) 0x11);
        byte[] ed = new byte[32];
        Arrays.fill(ed, (byte) 0x22);
        List<LinkSpecifier> specs = List.of(
                new LinkSpecifier.Ipv4(InetAddress.getByName("172.20.0.3"), 5000),
                new LinkSpecifier.LegacyId(id),
                new LinkSpecifier.Ed25519Id(ed),
                new LinkSpecifier.Ipv6(InetAddress.getByName("fd00::3"), 5001),
                new LinkSpecifier.Unrecognized(77, new byte[]{1, 2, 3}));
        return Stream.of(
                Arguments.of(new RelayCell(1, new RelayMsg.Begin("echo-service", 8081))),
                Arguments.of(new RelayCell(0xffff, new RelayMsg.Begin("10.0.0.1", 65535, 0x5))),
                Arguments.of(new RelayCell(2, new RelayMsg.Begin("[::1]", 1))),
                Arguments.of(new RelayCell(3, new RelayMsg.Data(new byte[0]))),
                Arguments.of(new RelayCell(3, new RelayMsg.Data(new byte[]{42}))),
                Arguments.of(new RelayCell(3, new RelayMsg.Data(full))),
                Arguments.of(new RelayCell(4, new RelayMsg.End(EndReason.DONE))),
                Arguments.of(new RelayCell(4, new RelayMsg.End(new EndReason(99)))),
                Arguments.of(new RelayCell(4, new RelayMsg.End(EndReason.EXITPOLICY,
                        InetAddress.getByName("192.0.2.7"), 600))),
                Arguments.of(new RelayCell(5, new RelayMsg.Connected(null, 0))),
                Arguments.of(new RelayCell(5, new RelayMsg.Connected(InetAddress.getByName("172.21.0.2"), 300))),
                Arguments.of(new RelayCell(5, new RelayMsg.Connected(InetAddress.getByName("fd00::2"), 300))),
                Arguments.of(new RelayCell(0, RelayMsg.Sendme.empty())),
                Arguments.of(new RelayCell(9, RelayMsg.Sendme.empty())),
                Arguments.of(new RelayCell(0, RelayMsg.Sendme.authenticated(digest))),
                Arguments.of(new RelayCell(0, new RelayMsg.Extend2(specs, ChanMsg.HTYPE_NTOR, new byte[84]))),
                Arguments.of(new RelayCell(0, new RelayMsg.Extend2(List.of(), 2, new byte[0]))),
                Arguments.of(new RelayCell(0, new RelayMsg.Extended2(new byte[64]))),
                Arguments.of(new RelayCell(0, new RelayMsg.Truncate())),
                Arguments.of(new RelayCell(0, new RelayMsg.Truncated(DestroyReason.REQUESTED))),
                Arguments.of(new RelayCell(0, new RelayMsg.Drop())),
                Arguments.of(new RelayCell(6, new RelayMsg.Unrecognized(43, new byte[]{9, 9}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void encodesAndDecodesToTheSameMessage(RelayCell cell) {
        byte[] body = cell.encode(PADDING);
        assertEquals(Cell.PAYLOAD_LEN, body.length);
        assertEquals(cell, RelayCell.decode(body));
    }

    @Test
    void headerIsLaidOutAsTorSpecSays() {
        byte[] body = new RelayCell(0x1234, new RelayMsg.Data("hello".getBytes(StandardCharsets.US_ASCII)))
                .encode(PADDING);
        // command 2 | recognized 0 | stream 0x1234 | digest 0 | length 5 | "hello" | 4 zero bytes
        assertArrayEquals(Hex.parse("02 0000 1234 00000000 0005 68656c6c6f 00000000"), Arrays.copyOf(body, 20));
    }

    @Test
    void paddingIsFourZerosThenRandomBytes() {
        byte[] body = new RelayCell(1, new RelayMsg.Data(new byte[10])).encode(new Random(1));
        byte[] random = Arrays.copyOfRange(body, 11 + 10 + 4, body.length);
        assertEquals(Cell.PAYLOAD_LEN - 25, random.length);
        assertEquals(false, Arrays.equals(new byte[random.length], random));
    }

    @Test
    void beginWireFormIsHostColonPortNulFlags() {
        byte[] body = new RelayCell(1, new RelayMsg.Begin("Echo-Service", 8081, 1)).encode(PADDING);
        String expected = "echo-service:8081";
        assertEquals(expected.length() + 1 + 4, ((body[9] & 0xff) << 8) | (body[10] & 0xff));
        assertArrayEquals((expected + "\0").getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOfRange(body, 11, 11 + expected.length() + 1));
        assertArrayEquals(Hex.parse("00000001"), Arrays.copyOfRange(body, 29, 33));
    }

    @Test
    void beginWithoutFlagsHasFlagsZeroAndAnyCaseIsAccepted() {
        RelayCell cell = RelayCell.decode(body(RelayCommand.BEGIN, 7, "EXAMPLE.org:80\0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(new RelayMsg.Begin("example.org", 80, 0), cell.msg());
    }

    @Test
    void emptyEndMeansMiscAndAnExitPolicyAddressWithoutTtlMeansForever() {
        assertEquals(new RelayMsg.End(EndReason.MISC), RelayCell.decode(body(RelayCommand.END, 1, new byte[0])).msg());
        RelayMsg.End end = (RelayMsg.End) RelayCell.decode(body(RelayCommand.END, 1, Hex.parse("04 0a000001"))).msg();
        assertEquals(EndReason.EXITPOLICY, end.reason());
        assertEquals("10.0.0.1", end.address().getHostAddress());
        assertEquals(0xffffffffL, end.ttl());
        RelayMsg.End odd = (RelayMsg.End) RelayCell.decode(body(RelayCommand.END, 1, Hex.parse("04 0a00"))).msg();
        assertEquals(new RelayMsg.End(EndReason.EXITPOLICY), odd);
    }

    @Test
    void sendmeV1WithMoreThan20BytesReadsTheFirst20() {
        byte[] data = Hex.parse("01 0018" + "ab".repeat(20) + "cdcdcdcd");
        assertEquals(RelayMsg.Sendme.authenticated(Hex.parse("ab".repeat(20))),
                RelayCell.decode(body(RelayCommand.SENDME, 0, data)).msg());
    }

    static Stream<Arguments> malformed() {
        byte[] ipv4Short = Hex.parse("01 00 05 0a00000113 0002 0000");
        return Stream.of(
                Arguments.of("length 499", raw(RelayCommand.DATA, 1, new byte[0], 499), "relay message length 499 exceeds 498"),
                Arguments.of("length 600", raw(RelayCommand.DATA, 1, new byte[0], 600), "relay message length 600 exceeds 498"),
                Arguments.of("length 65535", raw(RelayCommand.DATA, 1, new byte[0], 65535), "relay message length 65535 exceeds 498"),
                Arguments.of("DATA on stream 0", body(RelayCommand.DATA, 0, new byte[1]), "RELAY_DATA with stream ID 0"),
                Arguments.of("BEGIN on stream 0", body(RelayCommand.BEGIN, 0, ascii("a:1\0")), "RELAY_BEGIN with stream ID 0"),
                Arguments.of("EXTEND2 on a stream", body(RelayCommand.EXTEND2, 5, new byte[]{0, 0, 2, 0, 0}),
                        "RELAY_EXTEND2 with stream ID 5 (must be 0)"),
                Arguments.of("BEGIN without NUL", body(RelayCommand.BEGIN, 1, ascii("echo:80")), "BEGIN address is not NUL-terminated"),
                Arguments.of("BEGIN without port", body(RelayCommand.BEGIN, 1, ascii("echo\0")), "BEGIN address \"echo\" has no port"),
                Arguments.of("BEGIN port 0", body(RelayCommand.BEGIN, 1, ascii("echo:0\0")), "BEGIN port 0 is not in 1..65535"),
                Arguments.of("BEGIN port 65536", body(RelayCommand.BEGIN, 1, ascii("echo:65536\0")), "BEGIN port 65536 is not in 1..65535"),
                Arguments.of("BEGIN port text", body(RelayCommand.BEGIN, 1, ascii("echo:8o\0")), "BEGIN port \"8o\" is not a decimal number"),
                Arguments.of("BEGIN empty host", body(RelayCommand.BEGIN, 1, ascii(":80\0")), "BEGIN address has an empty host"),
                Arguments.of("BEGIN bare IPv6", body(RelayCommand.BEGIN, 1, ascii("::1:80\0")), "BEGIN host \"::1\" has a ':' outside IPv6 brackets"),
                Arguments.of("BEGIN control byte", body(RelayCommand.BEGIN, 1, ascii("ec\nho:80\0")),
                        "BEGIN address has the byte 0x0a, not a printable ASCII character"),
                Arguments.of("EXTEND2 empty", body(RelayCommand.EXTEND2, 0, new byte[0]), "EXTEND2 is empty"),
                Arguments.of("EXTEND2 short IPv4", body(RelayCommand.EXTEND2, 0, ipv4Short), "link specifier IPv4 has length 5, not 6"),
                Arguments.of("EXTEND2 spec past the end", body(RelayCommand.EXTEND2, 0, Hex.parse("01 00 06 0a00")),
                        "EXTEND2 link specifier 1 length 6 exceeds the 2 bytes left"),
                Arguments.of("EXTEND2 missing specs", body(RelayCommand.EXTEND2, 0, Hex.parse("02 00 06 0a0000011388")),
                        "EXTEND2 ends inside link specifier 2 of 2"),
                Arguments.of("EXTEND2 two legacy IDs", body(RelayCommand.EXTEND2, 0,
                        Hex.parse("02 02 14" + "11".repeat(20) + "02 14" + "22".repeat(20) + "0002 0000")),
                        "EXTEND2 lists more than one legacy identity"),
                Arguments.of("EXTEND2 without handshake", body(RelayCommand.EXTEND2, 0, Hex.parse("00 0002")),
                        "EXTEND2 ends before its handshake type and length"),
                Arguments.of("EXTEND2 long handshake", body(RelayCommand.EXTEND2, 0, Hex.parse("00 0002 0054 00")),
                        "EXTEND2 handshake length 84 exceeds the 1 bytes left"),
                Arguments.of("EXTENDED2 long handshake", body(RelayCommand.EXTENDED2, 0, Hex.parse("0040 00")),
                        "EXTENDED2 handshake length 64 exceeds the 1 bytes left"),
                Arguments.of("SENDME v1 short digest", body(RelayCommand.SENDME, 0, Hex.parse("01 000c" + "00".repeat(12))),
                        "SENDME v1 data length 12 is shorter than 20"),
                Arguments.of("SENDME data past the end", body(RelayCommand.SENDME, 0, Hex.parse("01 0014 0000")),
                        "SENDME data length 20 exceeds the 2 bytes present"),
                Arguments.of("CONNECTED odd size", body(RelayCommand.CONNECTED, 1, new byte[5]),
                        "CONNECTED body of 5 bytes is neither empty, IPv4 and TTL (8) nor IPv6 and TTL (25)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWithAPreciseMessage(String name, byte[] body, String message) {
        CellFormatException e = assertThrows(CellFormatException.class, () -> RelayCell.decode(body));
        assertEquals(message, e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void refusesToBuildWhatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> new RelayMsg.Data(new byte[499]));
        assertThrows(IllegalArgumentException.class, () -> new RelayCell(0, new RelayMsg.Data(new byte[1])));
        assertThrows(IllegalArgumentException.class, () -> new RelayMsg.Begin("echo", 0));
        assertThrows(IllegalArgumentException.class, () -> new RelayMsg.Begin("x".repeat(491), 80));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] body(int command, int streamId, byte[] data) {
        return raw(command, streamId, data, data.length);
    }

    static byte[] raw(int command, int streamId, byte[] data, int lengthField) {
        byte[] body = new byte[Cell.PAYLOAD_LEN];
        body[0] = (byte) command;
        body[3] = (byte) (streamId >> 8);
        body[4] = (byte) streamId;
        body[9] = (byte) (lengthField >> 8);
        body[10] = (byte) lengthField;
        System.arraycopy(data, 0, body, 11, data.length);
        return body;
    }
}
