package lab.onion.relay.socks;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal SOCKS5 client written from RFC 1928/1929, for requests java.net's SOCKS support cannot make. */
final class Socks5TestClient {

    private Socks5TestClient() {
    }

    /**
     * Greets (username/password when {@code user} is set), sends CONNECT to {@code host:port}
     * by domain name, and returns the reply code (0 = succeeded; then the socket carries the stream).
     */
    static int connect(Socket socket, String user, String host, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        if (user == null) {
            out.write(new byte[]{5, 1, 0});
            expect(in.readUnsignedByte(), 5);
            expect(in.readUnsignedByte(), 0);
        } else {
            out.write(new byte[]{5, 1, 2});
            expect(in.readUnsignedByte(), 5);
            expect(in.readUnsignedByte(), 2);
            byte[] u = user.getBytes(StandardCharsets.UTF_8);
            byte[] request = new byte[3 + u.length + 1];
            request[0] = 1;
            request[1] = (byte) u.length;
            System.arraycopy(u, 0, request, 2, u.length);
            request[2 + u.length] = 1;
            request[3 + u.length] = 'x'; // any password
            out.write(request);
            expect(in.readUnsignedByte(), 1);
            expect(in.readUnsignedByte(), 0);
        }
        byte[] h = host.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[7 + h.length];
        request[0] = 5;
        request[1] = 1; // CONNECT
        request[3] = 3; // DOMAINNAME
        request[4] = (byte) h.length;
        System.arraycopy(h, 0, request, 5, h.length);
        request[5 + h.length] = (byte) (port >> 8);
        request[6 + h.length] = (byte) port;
        out.write(request);
        return readReply(in);
    }

    /** Reads a command reply: VER REP RSV ATYP(IPv4) ADDR PORT; returns REP. */
    static int readReply(DataInputStream in) throws IOException {
        expect(in.readUnsignedByte(), 5);
        int rep = in.readUnsignedByte();
        in.readUnsignedByte();
        expect(in.readUnsignedByte(), 1);
        in.readFully(new byte[6]);
        return rep;
    }

    static Socket open(int socksPort) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), socksPort);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static void expect(int actual, int expected) throws IOException {
        if (actual != expected) {
            throw new IOException("SOCKS reply byte " + actual + " (expected: " + expected + ")");
        }
    }
}
