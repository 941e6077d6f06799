package lab.onion.load.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The session's reply check against a server that answers with scripted bytes, each piece in its
 * own read: right replies split anywhere and merged with the next, a changed byte, a short and a
 * long reply.
 */
class EchoTcpSessionTest {

    private final NioEventLoopGroup group = new NioEventLoopGroup(2);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void checksEveryByteOfRepliesHoweverTheyAreSplit() throws Exception {
        List<String> verdicts = run(6, "HEL", "L", "O\nHELLO\nHE", "LLO\n", "HELXO\n", "HELL\n", "HELLOO\n");
        assertEquals(List.of("ok", "ok", "ok", "bad", "bad", "bad"), verdicts);
    }

    /** Sends {@code lines} "hello" lines, the server answers with {@code pieces}; the verdict of each reply. */
    private List<String> run(int lines, String... pieces) throws Exception {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Scripted(lines, pieces));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        BlockingQueue<String> verdicts = new LinkedBlockingQueue<>();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .remoteAddress(server.localAddress());
        EchoTcpSession session = new EchoTcpSession(bootstrap, group.next(), bytes("hello\n"), bytes("HELLO\n"), lines);
        session.loop().execute(() -> session.open(new SessionListener() {
            @Override
            public void onOpen() {
                for (int i = 0; i < lines; i++) {
                    session.send(System.nanoTime());
                }
                session.flush();
            }

            @Override
            public void onReply(long startNanos) {
                verdicts.add("ok");
            }

            @Override
            public void onFailure(long startNanos, ErrorKind kind, String message) {
                verdicts.add(kind == ErrorKind.BAD_REPLY ? "bad" : kind.toString());
            }

            @Override
            public void onClosed(ErrorKind kind, String message) {
                verdicts.add("closed " + kind);
            }
        }));
        List<String> result = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            String verdict = verdicts.poll(5, TimeUnit.SECONDS);
            result.add(verdict == null ? "none" : verdict);
        }
        session.loop().execute(session::close);
        server.close().sync();
        return result;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits for {@code lines} lines, then writes each piece with its own flush, 20 ms apart. */
    private static final class Scripted extends ChannelInboundHandlerAdapter {
        private final String[] pieces;
        private int newlinesToGo;

        Scripted(int lines, String[] pieces) {
            this.newlinesToGo = lines;
            this.pieces = pieces;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
                if (in.getByte(i) == '\n' && --newlinesToGo == 0) {
                    for (int p = 0; p < pieces.length; p++) {
                        ByteBuf piece = Unpooled.copiedBuffer(pieces[p], StandardCharsets.US_ASCII);
                        ctx.executor().schedule(() -> ctx.writeAndFlush(piece), 20L * p, TimeUnit.MILLISECONDS);
                    }
                }
            }
            in.release();
        }
    }
}
