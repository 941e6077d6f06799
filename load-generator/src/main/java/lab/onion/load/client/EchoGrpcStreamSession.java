package lab.onion.load.client;

import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import lab.onion.echo.v1.EchoGrpc;
import lab.onion.echo.v1.UpperReply;
import lab.onion.echo.v1.UpperRequest;

/**
 * One bidirectional {@code UpperStream} call: requests are written on the stream, up to the
 * worker's slot count outstanding, and the replies come back in order, like lines on a TCP
 * connection. The stream ending or failing fails what is outstanding; the worker opens a new one.
 */
public final class EchoGrpcStreamSession implements Session {

    private final GrpcClient client;
    private final Context context;
    private final Loop loop;
    private final SocketAddress address;
    private final UpperRequest request;
    private final String expected;
    private final long[] starts;
    private SessionListener listener;
    private GrpcClientRequest<UpperRequest, UpperReply> call;
    private int head;
    private int count;
    private boolean closed;
    private boolean ended;

    public EchoGrpcStreamSession(GrpcClient client, Context context, SocketAddress address, UpperRequest request,
                                 String expected, int slots) {
        this.client = client;
        this.context = context;
        this.loop = Loop.of(context);
        this.address = address;
        this.request = request;
        this.expected = expected;
        this.starts = new long[slots];
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public void open(SessionListener listener) {
        this.listener = listener;
        closed = false;
        ended = false;
        head = 0;
        count = 0;
        client.request(address, EchoGrpc.getUpperStreamMethod()).onComplete(ar -> {
            if (closed) {
                if (ar.succeeded()) {
                    ar.result().cancel();
                }
                return;
            }
            if (ar.failed()) {
                listener.onClosed(kind(ar.cause()), EchoTcpSession.message(ar.cause()));
                return;
            }
            GrpcClientRequest<UpperRequest, UpperReply> opened = ar.result();
            call = opened;
            opened.exceptionHandler(t -> end(opened, kind(t), EchoTcpSession.message(t)));
            opened.response().onComplete(response -> {
                if (response.failed()) {
                    end(opened, kind(response.cause()), EchoTcpSession.message(response.cause()));
                    return;
                }
                response.result()
                        .handler(this::onReply)
                        .exceptionHandler(t -> end(opened, kind(t), EchoTcpSession.message(t)))
                        .endHandler(v -> {
                            GrpcStatus status = response.result().status();
                            end(opened, status == null || status == GrpcStatus.OK ? ErrorKind.CONNECTION_CLOSED : ErrorKind.GRPC_STATUS,
                                    "stream ended by the server" + (status == null ? "" : " (" + status + ")"));
                        });
            });
            listener.onOpen();
        });
    }

    private void onReply(UpperReply reply) {
        if (closed || ended || count == 0) {
            return;
        }
        long start = starts[head];
        head = (head + 1) % starts.length;
        count--;
        if (expected.equals(reply.getText())) {
            listener.onReply(start);
        } else {
            listener.onFailure(start, ErrorKind.BAD_REPLY, "reply differs from the uppercased text");
        }
    }

    private void end(GrpcClientRequest<UpperRequest, UpperReply> which, ErrorKind kind, String message) {
        if (closed || ended || which != call) {
            return;
        }
        ended = true;
        listener.onClosed(kind, message);
        int outstanding = count;
        count = 0;
        for (int i = 0; i < outstanding; i++) {
            long start = starts[head];
            head = (head + 1) % starts.length;
            listener.onFailure(start, kind, message);
        }
    }

    @Override
    public void send(long startNanos) {
        starts[(head + count) % starts.length] = startNanos;
        count++;
        call.write(request);
    }

    @Override
    public void close() {
        closed = true;
        if (call != null) {
            call.cancel();
        }
    }

    static ErrorKind kind(Throwable t) {
        return ErrorKind.of(t, false);
    }
}
