package lab.onion.load.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.grpc.server.GrpcServer;
import lab.onion.echo.v1.EchoGrpc;
import lab.onion.echo.v1.UpperReply;

import java.net.ServerSocket;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP and gRPC echo servers for tests, on loopback and port 0, on a Vert.x of their own:
 * {@code GET /upper?text=} and the contract's {@code Upper} / {@code UpperStream}.
 */
public final class EchoServers implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer http;
    private final HttpServer grpc;

    public EchoServers() throws Exception {
        http = vertx.createHttpServer()
                .requestHandler(request -> {
                    String text = request.getParam("text");
                    if (!"/upper".equals(request.path()) || text == null) {
                        request.response().setStatusCode(404).end();
                    } else {
                        request.response().putHeader("content-type", "text/plain").end(text.toUpperCase(Locale.ROOT));
                    }
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        GrpcServer server = GrpcServer.server(vertx);
        server.callHandler(EchoGrpc.getUpperMethod(), call -> call.handler(request ->
                call.response().end(reply(request.getText()))));
        server.callHandler(EchoGrpc.getUpperStreamMethod(), call -> {
            call.handler(request -> call.response().write(reply(request.getText())));
            call.endHandler(v -> call.response().end());
        });
        grpc = vertx.createHttpServer().requestHandler(server)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static UpperReply reply(String text) {
        return UpperReply.newBuilder().setText(text.toUpperCase(Locale.ROOT)).build();
    }

    public int httpPort() {
        return http.actualPort();
    }

    public int grpcPort() {
        return grpc.actualPort();
    }

    /** A port nothing listens on: bound once, then released. */
    public static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
