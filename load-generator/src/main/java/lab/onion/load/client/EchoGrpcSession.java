package lab.onion.load.client;

import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import lab.onion.echo.v1.EchoGrpc;
import lab.onion.echo.v1.UpperRequest;

/**
 * One gRPC worker making unary {@code Upper} calls over the scenario's shared client (HTTP/2,
 * calls multiplexed over its connections). Every reply must carry the uppercased text.
 */
public final class EchoGrpcSession implements Session {

    private final GrpcClient client;
    private final Context context;
    private final Loop loop;
    private final SocketAddress address;
    private final UpperRequest request;
    private final String expected;
    private SessionListener listener;
    private boolean closed;

    public EchoGrpcSession(GrpcClient client, Context context, SocketAddress address, UpperRequest request, String expected) {
        this.client = client;
        this.context = context;
        this.loop = Loop.of(context);
        this.address = address;
        this.request = request;
        this.expected = expected;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public void open(SessionListener listener) {
        this.listener = listener;
        context.runOnContext(v -> listener.onOpen());
    }

    @Override
    public void send(long startNanos) {
        client.request(address, EchoGrpc.getUpperMethod())
                .compose(call -> call.send(request))
                .compose(response -> response.last().map(reply -> {
                    if (response.status() != null && response.status() != GrpcStatus.OK) {
                        return "gRPC status " + response.status() + " " + response.statusMessage();
                    }
                    return expected.equals(reply.getText()) ? null : "reply differs from the uppercased text";
                }))
                .onComplete(ar -> {
                    if (closed) {
                        return;
                    }
                    if (ar.failed()) {
                        listener.onFailure(startNanos, EchoGrpcStreamSession.kind(ar.cause()), EchoTcpSession.message(ar.cause()));
                    } else if (ar.result() != null) {
                        listener.onFailure(startNanos, ar.result().startsWith("gRPC") ? ErrorKind.GRPC_STATUS : ErrorKind.BAD_REPLY, ar.result());
                    } else {
                        listener.onReply(startNanos);
                    }
                });
    }

    @Override
    public void close() {
        closed = true;
    }
}
