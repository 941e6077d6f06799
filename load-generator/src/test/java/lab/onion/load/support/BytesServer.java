package lab.onion.load.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * echo-service's {@code GET /bytes?n=N} for tests, on loopback and port 0: N bytes of the same
 * 64-byte line over and over; optionally with one byte changed, as a broken path would.
 */
public final class BytesServer implements AutoCloseable {

    private static final byte[] LINE = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;

    /** @param corruptAt the offset of the byte to change, or -1 for a correct body */
    public BytesServer(long corruptAt) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bytes", exchange -> {
            long n = Long.parseLong(exchange.getRequestURI().getQuery().replace("n=", ""));
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, n == 0 ? -1 : n);
            byte[] piece = new byte[LINE.length * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < n; ) {
                    int length = (int) Math.min(piece.length, n - sent);
                    for (int i = 0; i < length; i++) {
                        piece[i] = LINE[(int) ((sent + i) % LINE.length)];
                        if (sent + i == corruptAt) {
                            piece[i] ^= 0x20;
                        }
                    }
                    out.write(piece, 0, length);
                    sent += length;
                }
            } catch (IOException clientGone) {
                // the client closed early: nothing to do
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
