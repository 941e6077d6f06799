package lab.onion.relay.circuit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.CellCommand;
import lab.onion.relay.cell.ChanMsg;
import lab.onion.relay.cell.DestroyReason;
import lab.onion.relay.cell.RelayCell;
import lab.onion.relay.cell.RelayMsg;
import lab.onion.relay.crypto.ClientCircuitCrypto;
import lab.onion.relay.crypto.Ntor;
import lab.onion.relay.crypto.RelayKeys;
import lab.onion.relay.exit.ExitPolicy;
import lab.onion.relay.link.NettyTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One relay spoken to over a hand-made link: what it answers to well-formed and to malformed
 * cells. A bad cell costs its circuit or its link, never the relay.
 */
class RelayLinkTest {

    private final SecureRandom random = new SecureRandom();
    private NioEventLoopGroup group;
    private RelayKeys keys;
    private OnionRouter relay;

    @BeforeEach
    void start() {
        group = new NioEventLoopGroup(1);
        keys = RelayKeys.generate(random);
        relay = new OnionRouter(keys, NettyTransport.of(group.next(), false), ExitPolicy.rejectAll(), Runnable::run,
                Duration.ofSeconds(2));
        relay.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        relay.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void answersCreate2WithCreated2OnTheSameCircuitId() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            Ntor.ClientState handshake = Ntor.client(keys.ntorPublicKey(), random);
            link.send(new Cell(0x80000001, new ChanMsg.Create2(ChanMsg.HTYPE_NTOR, handshake.onionSkin())));
            Cell reply = link.receive();
            assertEquals(0x80000001, reply.circId());
            ChanMsg.Created2 created2 = assertInstanceOf(ChanMsg.Created2.class, reply.msg());
            handshake.finish(created2.handshakeData()); // AUTH checks out
        }
    }

    @Test
    void aMalformedCreate2CostsOnlyItsCircuit() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            ByteBuf bad = Unpooled.buffer();
            bad.writeInt(0x80000005).writeByte(CellCommand.CREATE2).writeShort(2).writeShort(506)
                    .writeZero(Cell.PAYLOAD_LEN - 4);
            link.sendRaw(bad);
            assertEquals(new Cell(0x80000005, new ChanMsg.Destroy(DestroyReason.PROTOCOL)), link.receive());

            Ntor.ClientState handshake = Ntor.client(keys.ntorPublicKey(), random);
            link.send(new Cell(0x80000006, new ChanMsg.Create2(ChanMsg.HTYPE_NTOR, handshake.onionSkin())));
            assertInstanceOf(ChanMsg.Created2.class, link.receive().msg());
        }
    }

    @Test
    void aCircuitIdFromTheWrongHalfIsRefused() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            Ntor.ClientState handshake = Ntor.client(keys.ntorPublicKey(), random);
            link.send(new Cell(0x00000007, new ChanMsg.Create2(ChanMsg.HTYPE_NTOR, handshake.onionSkin())));
            assertEquals(new Cell(7, new ChanMsg.Destroy(DestroyReason.PROTOCOL)), link.receive());
        }
    }

    @Test
    void aSkinForAnotherRelayOrAnUnknownHandshakeTypeIsRefused() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            RelayKeys other = RelayKeys.generate(random);
            link.send(new Cell(0x80000008, new ChanMsg.Create2(ChanMsg.HTYPE_NTOR,
                    Ntor.client(other.ntorPublicKey(), random).onionSkin())));
            assertEquals(new Cell(0x80000008, new ChanMsg.Destroy(DestroyReason.PROTOCOL)), link.receive());
            link.send(new Cell(0x80000009, new ChanMsg.Create2(0x0003, new byte[84])));
            assertEquals(new Cell(0x80000009, new ChanMsg.Destroy(DestroyReason.PROTOCOL)), link.receive());
        }
    }

    @Test
    void aRelayCellNoHopRecognizesIsDestroyedAtTheLastHop() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            ClientCircuitCrypto crypto = createOneHop(link, 0x8000000a);
            byte[] garbage = new byte[Cell.PAYLOAD_LEN];
            new Random(1).nextBytes(garbage);
            link.send(new Cell(0x8000000a, new ChanMsg.Relay(garbage)));
            assertEquals(new Cell(0x8000000a, new ChanMsg.Destroy(DestroyReason.PROTOCOL)), link.receive());
            assertEquals(1, crypto.hopCount());
        }
    }

    @Test
    void aBeginAtARelayThatIsNoExitGetsEndExitPolicy() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            ClientCircuitCrypto crypto = createOneHop(link, 0x8000000b);
            byte[] body = new RelayCell(5, new RelayMsg.Begin("echo-service", 8081)).encode(random);
            crypto.encrypt(body, 0);
            link.send(new Cell(0x8000000b, new ChanMsg.Relay(body)));
            byte[] answer = ((ChanMsg.Relay) link.receive().msg()).body();
            assertEquals(0, crypto.decrypt(answer));
            assertEquals(new RelayCell(5, new RelayMsg.End(lab.onion.relay.cell.EndReason.EXITPOLICY)),
                    RelayCell.decode(answer));
        }
    }

    @Test
    void aTorVersionsCellClosesTheLinkAtOnce() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            ByteBuf versions = Unpooled.buffer(); // CircID (2) | VERSIONS | length 4 | versions 4, 5
            versions.writeShort(0).writeByte(CellCommand.VERSIONS).writeShort(4).writeShort(4).writeShort(5);
            link.sendRaw(versions);
            assertTrue(link.closedByPeer());
        }
    }

    @Test
    void aVariableLengthCellClosesTheLinkButNotTheRelay() throws Exception {
        try (RawLink link = new RawLink(relay.linkPort())) {
            createOneHop(link, 0x8000000d);
            ByteBuf certs = Unpooled.buffer();
            certs.writeInt(0).writeByte(129).writeZero(Cell.PAYLOAD_LEN);
            link.sendRaw(certs);
            await(() -> relay.circuitCount() == 0);
            assertTrue(link.closedByPeer());
        }
        try (RawLink link = new RawLink(relay.linkPort())) {
            createOneHop(link, 0x8000000c);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }

    private ClientCircuitCrypto createOneHop(RawLink link, int circId) throws Exception {
        Ntor.ClientState handshake = Ntor.client(keys.ntorPublicKey(), random);
        link.send(new Cell(circId, new ChanMsg.Create2(ChanMsg.HTYPE_NTOR, handshake.onionSkin())));
        ChanMsg.Created2 created2 = assertInstanceOf(ChanMsg.Created2.class, link.receive().msg());
        ClientCircuitCrypto crypto = new ClientCircuitCrypto();
        crypto.addHop(handshake.finish(created2.handshakeData()));
        return crypto;
    }
}
