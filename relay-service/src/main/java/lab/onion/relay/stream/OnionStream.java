package lab.onion.relay.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import lab.onion.relay.cell.EndReason;
import lab.onion.relay.cell.RelayMsg;

import java.util.concurrent.CompletableFuture;

/**
 * A stream at the client end of a circuit (tor-spec 6.2): BEGIN sent, CONNECTED or END awaited,
 * then bytes both ways in DATA cells under the stream's SENDME windows. Its public methods may
 * be called from any thread; the work runs on the circuit's event loop.
 */
public final class OnionStream {

    /** Bytes queued beyond the windows at which the stream stops being writable. */
    public static final int HIGH_WATER_MARK = 64 * 1024;

    private final int streamId;
    private final String target;
    private final StreamHost host;
    private final EventLoop loop;
    private final StreamListener listener;
    private final StreamPackager packager;
    private final DeliverWindow deliverWindow = FlowControl.streamDeliverWindow();
    private final CompletableFuture<OnionStream> connected = new CompletableFuture<>();
    private boolean open;
    private boolean closed;
    private boolean paused;
    private boolean writable = true;
    private Runnable writabilityListener = () -> { };

    public OnionStream(int streamId, String target, StreamHost host, EventLoop loop, StreamListener listener) {
        this.streamId = streamId;
        this.target = target;
        this.host = host;
        this.loop = loop;
        this.listener = listener;
        this.packager = new StreamPackager(streamId, host);
    }

    // ---- for the user ----

    /**
     * Sends the readable bytes of {@code data} to the destination (queued while the windows are
     * closed). Call on the stream's loop; the bytes are copied, {@code data} stays the caller's.
     */
    public void writeOnLoop(ByteBuf data) {
        if (!closed) {
            packager.offer(data);
            updateWritability();
        }
    }

    /** Sends bytes to the destination (queued while the windows are closed), from any thread. */
    public void write(byte[] data) {
        byte[] copy = data.clone();
        loop.execute(() -> {
            if (!closed) {
                packager.offer(Unpooled.wrappedBuffer(copy));
                updateWritability();
            }
        });
    }

    /**
     * Whether fewer than {@link #HIGH_WATER_MARK} bytes wait for the windows to open: a writer
     * should stop reading its source while not (read on the stream's loop).
     */
    public boolean isWritable() {
        return writable;
    }

    /** Called on the loop whenever {@link #isWritable()} changes. */
    public void onWritabilityChanged(Runnable listener) {
        this.writabilityListener = listener;
    }

    private void updateWritability() {
        boolean now = closed || packager.pendingBytes() < HIGH_WATER_MARK;
        if (now != writable) {
            writable = now;
            writabilityListener.run();
        }
    }

    /** Ends the stream (END with reason MISC, as tor-spec 6.3 asks of the stream's originator). */
    public void close() {
        loop.execute(() -> {
            if (!closed) {
                host.sendStreamMsg(streamId, new RelayMsg.End(EndReason.MISC));
                finish(null);
            }
        });
    }

    /** Stops acknowledging DATA (the consumer is backed up): the exit stops after 500 cells. */
    public void pauseDelivery() {
        loop.execute(() -> paused = true);
    }

    public void resumeDelivery() {
        loop.execute(() -> {
            paused = false;
            maybeSendSendme();
        });
    }

    /** Completes when CONNECTED arrives; fails with {@link StreamRefusedException} on END. */
    public CompletableFuture<OnionStream> connected() {
        return connected;
    }

    public int streamId() {
        return streamId;
    }

    public String target() {
        return target;
    }

    // ---- from the circuit, on the loop ----

    public void onConnected() {
        if (!closed && !open) {
            open = true;
            connected.complete(this);
            packager.drain();
            updateWritability();
        }
    }

    /** DATA from the exit: returns null, or the protocol violation that closes the circuit. */
    public String onData(byte[] data) {
        if (closed) {
            return null;
        }
        if (!open) {
            return "stream " + streamId + " DATA before CONNECTED";
        }
        if (!deliverWindow.delivered()) {
            return "stream " + streamId + " DATA beyond its window of " + FlowControl.STREAM_WINDOW;
        }
        listener.onData(data);
        maybeSendSendme();
        return null;
    }

    /** A stream SENDME: returns null, or the protocol violation. */
    public String onSendme() {
        if (closed) {
            return null;
        }
        if (!packager.sendmeReceived()) {
            return "stream " + streamId + " SENDME beyond its window";
        }
        updateWritability();
        return null;
    }

    public void onEnd(EndReason reason) {
        if (!closed) {
            finish(reason);
        }
    }

    public void circuitWindowOpened() {
        if (open && !closed) {
            packager.drain();
            updateWritability();
        }
    }

    public void circuitClosed() {
        if (!closed) {
            finish(EndReason.DESTROY);
        }
    }

    private void maybeSendSendme() {
        while (!paused && deliverWindow.sendmeDue()) {
            host.sendStreamMsg(streamId, RelayMsg.Sendme.empty());
            deliverWindow.sendmeSent();
        }
    }

    private void finish(EndReason reason) {
        closed = true;
        packager.release();
        host.streamClosed(streamId);
        if (!connected.isDone()) {
            connected.completeExceptionally(new StreamRefusedException(target,
                    reason != null ? reason : EndReason.MISC));
        }
        if (reason != null) {
            listener.onEnd(reason);
        }
    }
}
