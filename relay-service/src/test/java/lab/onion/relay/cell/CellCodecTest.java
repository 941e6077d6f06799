package lab.onion.relay.cell;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The link codec: cells to 514 bytes and back, framing, and precise errors; no sockets. */
class CellCodecTest {

    static Stream<Arguments> cells() {
        byte[] onionSkin = new byte[84];
        Arrays.fill(onionSkin, (byte) 0x5a);
        byte[] relayBody = new byte[Cell.PAYLOAD_LEN];
        for (int i = 0; i < relayBody.length; i++) {
            relayBody[i] = (byte) i;
        }
        return Stream.of(
                Arguments.of("PADDING on circ 0", new Cell(0, new ChanMsg.Padding())),
                Arguments.of("CREATE2 ntor, initiator's high bit", new Cell(0x80000001, new ChanMsg.Create2(2, onionSkin))),
                Arguments.of("CREATE2 empty handshake", new Cell(1, new ChanMsg.Create2(0xffff, new byte[0]))),
                Arguments.of("CREATE2 longest handshake (505)", new Cell(7, new ChanMsg.Create2(2, new byte[505]))),
                Arguments.of("CREATED2 ntor reply", new Cell(0x7fffffff, new ChanMsg.Created2(new byte[64]))),
                Arguments.of("CREATED2 longest handshake (507)", new Cell(9, new ChanMsg.Created2(new byte[507]))),
                Arguments.of("RELAY body of 509 bytes", new Cell(0xffffffff, new ChanMsg.Relay(relayBody))),
                Arguments.of("DESTROY PROTOCOL", new Cell(42, new ChanMsg.Destroy(DestroyReason.PROTOCOL))),
                Arguments.of("DESTROY unknown reason kept", new Cell(42, new ChanMsg.Destroy(new DestroyReason(200)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void encodesTo514BytesAndDecodesToTheSameCell(String name, Cell cell) {
        EmbeddedChannel encoder = new EmbeddedChannel(CellEncoder.INSTANCE);
        assertTrue(encoder.writeOutbound(cell));
        ByteBuf wire = encoder.readOutbound();
        assertEquals(Cell.CELL_LEN, wire.readableBytes());
        assertEquals(cell.circId(), wire.getInt(0));
        assertEquals(cell.command(), wire.getUnsignedByte(4));

        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        assertTrue(decoder.writeInbound(wire));
        assertEquals(cell, decoder.readInbound());
        assertNull(decoder.readInbound());
    }

    @Test
    void create2IsLaidOutAsTorSpecSays() {
        ByteBuf wire = encode(new Cell(0x80000002, new ChanMsg.Create2(2, new byte[]{1, 2, 3})));
        byte[] expected = new byte[Cell.CELL_LEN];
        byte[] head = Hex.parse("80000002 0a 0002 0003 010203");
        System.arraycopy(head, 0, expected, 0, head.length);
        assertArrayEquals(expected, bytes(wire)); // the rest is zero padding
    }

    @Test
    void destroyIsOneReasonByteThenZeros() {
        byte[] wire = bytes(encode(new Cell(5, new ChanMsg.Destroy(DestroyReason.DESTROYED))));
        assertArrayEquals(Hex.parse("00000005 04 0b"), Arrays.copyOf(wire, 6));
        for (int i = 6; i < wire.length; i++) {
            assertEquals(0, wire[i], "padding byte " + i);
        }
    }

    @Test
    void reassemblesCellsFedOneByteAtATime() {
        List<Cell> cells = cells().map(a -> (Cell) a.get()[1]).toList();
        ByteBuf all = Unpooled.buffer();
        cells.forEach(c -> CellEncoder.encode(c, all));
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        List<Object> decoded = new ArrayList<>();
        while (all.isReadable()) {
            decoder.writeInbound(all.readRetainedSlice(1));
            for (Object o; (o = decoder.readInbound()) != null; ) {
                decoded.add(o);
            }
        }
        all.release();
        assertEquals(cells, decoded);
    }

    @Test
    void decodesManyCellsFromOneRead() {
        ByteBuf all = Unpooled.buffer();
        for (int i = 1; i <= 100; i++) {
            CellEncoder.encode(new Cell(i, new ChanMsg.Destroy(DestroyReason.FINISHED)), all);
        }
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        decoder.writeInbound(all);
        for (int i = 1; i <= 100; i++) {
            assertEquals(new Cell(i, new ChanMsg.Destroy(DestroyReason.FINISHED)), decoder.readInbound());
        }
        assertNull(decoder.readInbound());
    }

    @Test
    void keepsAPartialCellUntilTheRestArrives() {
        ByteBuf wire = encode(new Cell(3, new ChanMsg.Padding()));
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        assertFalse(decoder.writeInbound(wire.readRetainedSlice(513)));
        assertTrue(decoder.writeInbound(wire.readRetainedSlice(1)));
        assertEquals(new Cell(3, new ChanMsg.Padding()), decoder.readInbound());
        wire.release();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(CellCommand.CREATE2, "0002 01fa", "CREATE2 handshake length 506 exceeds 505"),
                Arguments.of(CellCommand.CREATE2, "0002 ffff", "CREATE2 handshake length 65535 exceeds 505"),
                Arguments.of(CellCommand.CREATED2, "01fc", "CREATED2 handshake length 508 exceeds 507"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformed")
    void aMalformedCellBecomesAValueWithAPreciseReasonAndTheNextCellStillDecodes(int command, String body,
                                                                                 String reason) {
        ByteBuf wire = rawCell(0x80000009, command, Hex.parse(body));
        CellEncoder.encode(new Cell(1, new ChanMsg.Padding()), wire);
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        decoder.writeInbound(wire);
        assertEquals(new MalformedCell(0x80000009, command, reason, false), decoder.readInbound());
        assertEquals(new Cell(1, new ChanMsg.Padding()), decoder.readInbound());
    }

    @Test
    void anUnknownFixedSizeCommandIsDecodedToBeDropped() {
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        decoder.writeInbound(rawCell(8, 9, new byte[0])); // RELAY_EARLY: not on lab links
        assertEquals(new Cell(8, new ChanMsg.Unknown(9)), decoder.readInbound());
    }

    @Test
    void aVariableLengthCellMeansTheFramingIsLostAndNothingMoreIsRead() {
        ByteBuf wire = rawCell(0, CellCommand.VERSIONS, new byte[0]);
        CellEncoder.encode(new Cell(1, new ChanMsg.Padding()), wire);
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        decoder.writeInbound(wire);
        MalformedCell failure = decoder.readInbound();
        assertTrue(failure.fatal());
        assertEquals("variable-length cell command 7 (VERSIONS) on a lab link, which carries fixed-size cells only",
                failure.reason());
        assertNull(decoder.readInbound());
        decoder.writeInbound(encode(new Cell(2, new ChanMsg.Padding())));
        assertNull(decoder.readInbound());
    }

    @Test
    void aTorVersionsCellOpeningTheLinkFailsAtOnce() {
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        decoder.writeInbound(Unpooled.wrappedBuffer(Hex.parse("0000 07 0004 0004 0005")));
        MalformedCell failure = decoder.readInbound();
        assertTrue(failure.fatal());
        assertEquals("a Tor VERSIONS cell: the peer speaks Tor's link handshake, which lab links do not have",
                failure.reason());
    }

    private static ByteBuf rawCell(int circId, int command, byte[] body) {
        ByteBuf wire = Unpooled.buffer();
        wire.writeInt(circId).writeByte(command).writeBytes(body).writeZero(Cell.PAYLOAD_LEN - body.length);
        return wire;
    }

    private static ByteBuf encode(Cell cell) {
        ByteBuf out = Unpooled.buffer();
        CellEncoder.encode(cell, out);
        return out;
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
