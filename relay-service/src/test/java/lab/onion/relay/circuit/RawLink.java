package lab.onion.relay.circuit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import lab.onion.relay.cell.Cell;
import lab.onion.relay.cell.CellDecoder;
import lab.onion.relay.cell.CellEncoder;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** A link opened by hand, to send a relay exactly the bytes a test wants. */
final class RawLink implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    RawLink(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
    }

    void send(Cell cell) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        CellEncoder.encode(cell, buf);
        sendRaw(buf);
    }

    void sendRaw(ByteBuf buf) throws IOException {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        socket.getOutputStream().write(bytes);
    }

    /** The next cell from the relay. */
    Cell receive() throws IOException {
        byte[] frame = new byte[Cell.CELL_LEN];
        in.readFully(frame);
        EmbeddedChannel decoder = new EmbeddedChannel(new CellDecoder());
        decoder.writeInbound(Unpooled.wrappedBuffer(frame));
        return decoder.readInbound();
    }

    /** Whether the relay closed the link (end of stream before any byte). */
    boolean closedByPeer() throws IOException {
        try {
            in.readFully(new byte[1]);
            return false;
        } catch (EOFException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
