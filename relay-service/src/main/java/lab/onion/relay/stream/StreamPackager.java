package lab.onion.relay.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import lab.onion.relay.cell.RelayCell;
import lab.onion.relay.cell.RelayMsg;

/**
 * The sending half of a stream's edge: bytes in, DATA cells of up to 498 bytes out, as far as
 * the stream and circuit package windows allow; what does not fit waits here until a SENDME.
 */
public final class StreamPackager {

    private final int streamId;
    private final StreamHost host;
    private final PackageWindow window = FlowControl.streamPackageWindow();
    private final ByteBuf pending = Unpooled.buffer(0);

    public StreamPackager(int streamId, StreamHost host) {
        this.streamId = streamId;
        this.host = host;
    }

    /** Queues {@code data} (not released here) and sends what the windows allow. */
    public void offer(ByteBuf data) {
        pending.writeBytes(data);
        drain();
    }

    /**
     * Sends queued bytes while both windows are open.
     *
     * @return whether nothing is left waiting
     */
    public boolean drain() {
        while (pending.isReadable() && window.canSend() && host.canSendData()) {
            byte[] chunk = new byte[Math.min(RelayCell.MAX_DATA_LEN, pending.readableBytes())];
            pending.readBytes(chunk);
            window.sent();
            host.sendStreamMsg(streamId, new RelayMsg.Data(chunk));
        }
        pending.discardSomeReadBytes(); // not every time: that would move what waits on each call
        return !pending.isReadable();
    }

    /**
     * A stream-level SENDME arrived.
     *
     * @return false when it opens the window beyond its start (a protocol violation)
     */
    public boolean sendmeReceived() {
        if (!window.sendmeReceived()) {
            return false;
        }
        drain();
        return true;
    }

    public int pendingBytes() {
        return pending.readableBytes();
    }

    public int window() {
        return window.value();
    }

    public void release() {
        pending.release();
    }
}
