package lab.onion.echo.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /bytes?n=N}: a body of exactly N bytes, the 64-byte {@link #LINE} over and over (the
 * last one cut short), for measuring one-way throughput: the load generator's onion
 * {@code download}, or {@code curl -o /dev/null}. Anyone who knows the line can check every byte.
 *
 * <p>A Vert.x route rather than a REST method: the body is written straight from one shared
 * read-only buffer, 64 KiB at a time, and the next piece only once the connection's write queue
 * has room (back pressure), so a body of a gigabyte costs no memory and a slow reader holds up
 * nobody else. A client that goes away ends the writing.
 */
@ApplicationScoped
public class BytesRoute {

    /** The repeated line; the body's byte {@code i} is {@code LINE[i % 64]}. */
    public static final byte[] LINE = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** The largest body served: 1 GiB. */
    public static final long MAX_BYTES = 1L << 30;

    private static final int PIECE = 64 * 1024; // a multiple of the line: every piece starts a line
    private static final ByteBuf PIECE_BYTES;

    static {
        ByteBuf piece = Unpooled.directBuffer(PIECE);
        while (piece.isWritable()) {
            piece.writeBytes(LINE);
        }
        PIECE_BYTES = Unpooled.unreleasableBuffer(piece.asReadOnly());
    }

    void routes(@Observes Router router) {
        router.get("/bytes").handler(BytesRoute::serve);
    }

    private static void serve(RoutingContext ctx) {
        String n = ctx.request().getParam("n");
        long size = parse(n);
        if (size < 0) {
            ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                    .end("query parameter 'n' must be a number of bytes from 0 to " + MAX_BYTES
                            + ", got " + (n == null ? "none" : "'" + n + "'") + " (try /bytes?n=1000)\n");
            return;
        }
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(size));
        new Body(response, size).write();
    }

    /** The size asked for, or -1 when it is missing, not a number or out of range. */
    static long parse(String n) {
        if (n == null || n.isEmpty() || n.length() > 12) {
            return -1;
        }
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) < '0' || n.charAt(i) > '9') {
                return -1;
            }
        }
        long size = Long.parseLong(n);
        return size <= MAX_BYTES ? size : -1;
    }

    /** The body of one response, written as fast as the client reads it. */
    private static final class Body {
        private final HttpServerResponse response;
        private long left;

        Body(HttpServerResponse response, long size) {
            this.response = response;
            this.left = size;
        }

        void write() {
            while (left > 0 && !response.writeQueueFull()) {
                if (response.closed()) {
                    return; // the client went away: nothing more to write
                }
                int length = (int) Math.min(PIECE, left);
                response.write(Buffer.buffer(PIECE_BYTES.retainedSlice(0, length)));
                left -= length;
            }
            if (left == 0) {
                response.end();
            } else if (!response.closed()) {
                response.drainHandler(v -> write());
            }
        }
    }
}
