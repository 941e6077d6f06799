package lab.onion.load.push;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import lab.onion.load.client.ErrorKind;
import org.HdrHistogram.SingleWriterRecorder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * WebSocket: one text frame per message. push-service: {@code /topics/{t}/ws?after=N&epoch=E}, frames
 * {@code {"seq":N,"data":...,"epoch":E}} or signals with a {@code type}. Nchan: {@code /sub/{t}} with the
 * subprotocol {@code ws+meta.nchan}, whose frames start with {@code id: ...} headers and a blank line before the
 * message, and {@code ?last_event_id=} to resume.
 */
final class WsSubscriber extends Subscriber {

    static final String NCHAN_META = "ws+meta.nchan";
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private long after;
    private String epoch;
    private String lastEventId;
    private WebSocket socket;

    WsSubscriber(Shared shared, int index, Context context, SingleWriterRecorder recorder) {
        super(shared, index, context, recorder);
    }

    @Override
    protected void open() {
        int current = generation;
        countRequest();
        String path = settings.server().subscribePath(settings.prefix(), settings.topic(), PushMode.WS);
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(settings.host()).setPort(settings.port())
                // The TCP connect has --connect-timeout (the client's option); the handshake gets more, as a busy
                // gateway may answer slowly, and a slow answer is latency, not an error.
                .setTimeout(Math.max(HANDSHAKE_TIMEOUT_MILLIS, settings.connectTimeoutMillis()));
        if (settings.server() == PushServer.NCHAN) {
            options.setSubProtocols(List.of(NCHAN_META));
            if (lastEventId != null) {
                path += "?last_event_id=" + URLEncoder.encode(lastEventId, StandardCharsets.UTF_8);
            }
        } else {
            path += "?after=" + after + (epoch == null ? "" : "&epoch=" + epoch);
        }
        options.setURI(path);
        shared.ws().connect(options).onComplete(ar -> {
            if (stopped || generation != current) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                failed(ar.cause(), true);
                reconnectLater();
                return;
            }
            WebSocket ws = ar.result();
            socket = ws;
            readyOnce();
            armForcedReconnect();
            ws.textMessageHandler(text -> {
                if (generation == current) {
                    frame(text);
                }
            });
            ws.exceptionHandler(cause -> {
                if (!stopped && generation == current) {
                    failed(cause, false);
                }
            });
            ws.closeHandler(v -> {
                if (!stopped && generation == current) {
                    Short code = ws.closeStatusCode();
                    if (code != null && code != 1000 && code != 1001 && code != 1005 && code != 1006) {
                        error(ErrorKind.CONNECTION_CLOSED, "closed by the gateway: " + code + " " + ws.closeReason());
                    } else if (code == null || code == 1006) {
                        error(ErrorKind.CONNECTION_CLOSED, "connection closed");
                    }
                    reconnectLater();
                }
            });
        });
    }

    @Override
    protected void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    private void frame(String text) {
        if (settings.server() == PushServer.NCHAN) {
            nchanFrame(text);
            return;
        }
        String type = text.startsWith("{\"type\"") || text.contains("\"type\":") ? Fields.string(text, "type") : null;
        if (type == null) {
            long seq = Fields.number(text, "seq");
            if (seq != Fields.MISSING) {
                after = seq;
            }
            if (epoch == null) {
                epoch = Fields.string(text, "epoch");
            }
            message(text);
            return;
        }
        switch (type) {
            case "gap" -> {
                gaps++;
                after = Fields.number(text, "first") - 1;
            }
            case "reset" -> {
                resets++;
                epoch = Fields.string(text, "epoch");
                after = Fields.number(text, "first") - 1;
            }
            case "error" -> error(ErrorKind.OTHER, "gateway: " + abbreviate(text));
            default -> error(ErrorKind.BAD_REPLY, "unknown frame type '" + type + "'");
        }
    }

    /** {@code id: 1795617790:0\ncontent-type: ...\n\n<message>} (ws+meta.nchan), or a bare message. */
    private void nchanFrame(String text) {
        if (!text.startsWith("id:")) {
            message(text);
            return;
        }
        int end = text.indexOf("\n\n");
        String head = end < 0 ? text : text.substring(0, end);
        int eol = head.indexOf('\n');
        lastEventId = (eol < 0 ? head : head.substring(0, eol)).substring(3).trim();
        message(end < 0 ? "" : text.substring(end + 2));
    }
}
