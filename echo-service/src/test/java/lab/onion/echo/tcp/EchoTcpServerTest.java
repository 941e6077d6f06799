package lab.onion.echo.tcp;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line protocol over real sockets, each behaviour the way a client would meet it. */
@QuarkusTest
class EchoTcpServerTest {

    private static final int MAX_LINE = 65536;

    @Inject
    EchoTcpServer server;

    @Test
    void uppercasesOneLine() throws Exception {
        try (LineClient client = new LineClient(server.port())) {
            assertEquals("HELLO, WORLD", client.send("hello, world\n").readLine());
        }
    }

    @Test
    void acceptsCrLfAndAnswersWithLf() throws Exception {
        try (LineClient client = new LineClient(server.port())) {
            client.send("windows\r\n");
            assertArrayEquals("WINDOWS".getBytes(StandardCharsets.US_ASCII), client.readLineBytes());
        }
    }

    @Test
    void answersAnEmptyLineWithAnEmptyLine() throws Exception {
        try (LineClient client = new LineClient(server.port())) {
            client.send("\n\r\nafter\n");
            assertEquals("", client.readLine());
            assertEquals("", client.readLine());
            assertEquals("AFTER", client.readLine());
        }
    }

    @Test
    void uppercasesUtf8ByUnicodeRules() throws Exception {
        try (LineClient client = new LineClient(server.port())) {
            assertEquals("GRÜSSE AUS ZÜRICH, ÉLAN, ΣΟΦΊΑ, ПРИВЕТ",
                    client.send("grüße aus zürich, élan, σοφία, привет\n").readLine());
        }
    }

    @Test
    void passesBytesThatAreNotUtf8ThroughUnchanged() throws Exception {
        byte[] latin1 = "caf\u00e9 ok\n".getBytes(StandardCharsets.ISO_8859_1); // 0xE9 alone is not UTF-8
        try (LineClient client = new LineClient(server.port())) {
            client.send(latin1);
            assertArrayEquals("CAF\u00e9 OK".getBytes(StandardCharsets.ISO_8859_1), client.readLineBytes());
        }
    }

    @Test
    void answersTenThousandPipelinedLinesFromOneWriteInOrder() throws Exception {
        StringBuilder request = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            request.append("line number ").append(i).append('\n');
        }
        try (LineClient client = new LineClient(server.port())) {
            client.send(request.toString());
            for (int i = 0; i < 10_000; i++) {
                assertEquals("LINE NUMBER " + i, client.readLine());
            }
        }
    }

    @Test
    void reassemblesLinesSplitAndMergedAcrossSegments() throws Exception {
        byte[] stream = "alpha\nbeta\r\ngamma delta\n\nepsilon\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        try (LineClient client = new LineClient(server.port())) {
            for (int at = 0; at < stream.length; ) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(23));
                byte[] chunk = new byte[n];
                System.arraycopy(stream, at, chunk, 0, n);
                client.send(chunk);
                at += n;
            }
            for (int i = 0; i < 200; i++) {
                assertEquals("ALPHA", client.readLine());
                assertEquals("BETA", client.readLine());
                assertEquals("GAMMA DELTA", client.readLine());
                assertEquals("", client.readLine());
                assertEquals("EPSILON", client.readLine());
            }
        }
    }

    @Test
    void servesAClientThatSendsOneByteAtATime() throws Exception {
        byte[] line = "one byte at a time, ünïcödé too\n".getBytes(StandardCharsets.UTF_8);
        try (LineClient client = new LineClient(server.port())) {
            for (byte b : line) {
                client.send(new byte[] {b});
            }
            assertEquals("ONE BYTE AT A TIME, ÜNÏCÖDÉ TOO", client.readLine());
        }
    }

    @Test
    void answersALastLineWithoutLineEndingWhenTheClientCloses() throws Exception {
        try (LineClient client = new LineClient(server.port())) {
            client.send("first\nlast words");
            client.shutdownOutput();
            assertEquals("FIRST", client.readLine());
            assertEquals("LAST WORDS", client.readLine());
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void acceptsALineOfExactlyTheLimit() throws Exception {
        String longest = "a".repeat(MAX_LINE);
        try (LineClient client = new LineClient(server.port())) {
            assertEquals(longest.toUpperCase(), client.send(longest + "\n").readLine());
        }
    }

    @Test
    void refusesAnOversizedLineAndClosesWithoutHarmingOthers() throws Exception {
        try (LineClient bystander = new LineClient(server.port());
             LineClient offender = new LineClient(server.port())) {
            assertEquals("BEFORE", bystander.send("before\n").readLine());

            offender.send("fine\n");
            assertEquals("FINE", offender.readLine());
            offender.send("x".repeat(MAX_LINE + 1)); // no line ending needed: the limit is already passed
            assertEquals("ERR line too long", offender.readLine());
            assertTrue(offender.isClosedByServer());

            assertEquals("AFTER", bystander.send("after\n").readLine());
        }
    }

    @Test
    void servesAThousandConcurrentConnections() throws Exception {
        int connections = 1000;
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                clients.add(new LineClient(server.port())); // all open at the same time
            }
            for (int i = 0; i < connections; i++) {
                clients.get(i).send("client " + i + "\n");
            }
            ExecutorService readers = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> replies = new ArrayList<>();
                for (LineClient client : clients) {
                    replies.add(readers.submit(client::readLine));
                }
                for (int i = 0; i < connections; i++) {
                    assertEquals("CLIENT " + i, replies.get(i).get());
                }
            } finally {
                readers.shutdownNow();
            }
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
    }

    /**
     * A client that sends far more than it reads: the server stops reading from it (back pressure)
     * instead of buffering every reply, keeps serving others, and still owes it every reply in order.
     */
    @Test
    void holdsBackAClientThatDoesNotReadAndKeepsServingOthers() throws Exception {
        int lines = 200_000;
        byte[] line = "a line that the client will not read for a while\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket greedy = new Socket("127.0.0.1", server.port());
             LineClient bystander = new LineClient(server.port())) {
            Thread writer = new Thread(() -> {
                try {
                    var out = greedy.getOutputStream();
                    byte[] batch = new byte[line.length * 1000];
                    for (int i = 0; i < 1000; i++) {
                        System.arraycopy(line, 0, batch, i * line.length, line.length);
                    }
                    for (int i = 0; i < lines / 1000; i++) {
                        out.write(batch);
                    }
                    out.flush();
                } catch (Exception ignored) {
                    // the test fails below if the writer could not deliver everything
                }
            });
            writer.start();
            Thread.sleep(500);
            assertTrue(writer.isAlive(), "the server should have stopped reading from the greedy client");
            assertEquals("STILL SERVED", bystander.send("still served\n").readLine());

            InputStream in = greedy.getInputStream();
            byte[] expected = new String(line, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII);
            byte[] buffer = new byte[65536];
            long total = (long) expected.length * lines;
            long read = 0;
            greedy.setSoTimeout(20_000);
            while (read < total) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != expected[(int) ((read + i) % expected.length)]) {
                        throw new AssertionError("wrong byte at offset " + (read + i));
                    }
                }
                read += n;
            }
            writer.join(20_000);
            assertEquals(total, read);
        }
    }

    @Test
    void survivesAClientThatResetsMidLine() throws Exception {
        try (Socket rude = new Socket("127.0.0.1", server.port())) {
            rude.getOutputStream().write("half a li".getBytes(StandardCharsets.US_ASCII));
            rude.setSoLinger(true, 0); // close with RST
        }
        try (LineClient next = new LineClient(server.port())) {
            assertEquals("STILL HERE", next.send("still here\n").readLine());
        }
    }
}
