package lab.onion.load.client;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.ProxyConnectException;
import io.vertx.core.VertxException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Why a request or a connection failed; the report counts errors by kind. */
public enum ErrorKind {
    CONNECT_REFUSED(true),
    CONNECT_TIMEOUT(true),
    UNKNOWN_HOST(true),
    CONNECT_FAILED(true),
    /** The SOCKS5 proxy answered CONNECT with an error (e.g. 0x02 not allowed by the exit policy, 0x05 refused). */
    SOCKS_REFUSED(true),
    /** The SOCKS5 proxy gave no answer to the handshake within the connect timeout. */
    SOCKS_TIMEOUT(true),
    /** The SOCKS5 handshake failed otherwise (the proxy closed the connection, no acceptable method, garbage). */
    SOCKS_FAILED(true),
    /** The connection closed (or was reset) with the request still outstanding. */
    CONNECTION_CLOSED(true),
    /** Fixed rate only: the request was due while the connection was down, so it could not be sent. */
    NOT_CONNECTED(true),
    /** No reply before the run ended (its duration plus the grace period). */
    TIMEOUT(false),
    /** A reply that is not the expected one (wrong bytes, wrong text). */
    BAD_REPLY(false),
    /** The onion proxy's HTTP port (new-identity, status) failed or answered with an error. */
    PROXY_HTTP(false),
    HTTP_STATUS(false),
    GRPC_STATUS(false),
    OTHER(false);

    private final boolean connectionLevel;

    ErrorKind(boolean connectionLevel) {
        this.connectionLevel = connectionLevel;
    }

    /** True when the connection itself is the problem: a closed-loop worker backs off before retrying. */
    public boolean connectionLevel() {
        return connectionLevel;
    }

    /** The name in reports: {@code connect-refused}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Classifies a failure to connect or a failure on an established connection. */
    public static ErrorKind of(Throwable failure, boolean connecting) {
        Throwable t = failure;
        while (t != null) {
            // before ConnectException, which it extends
            if (t instanceof ProxyConnectException) {
                String message = String.valueOf(t.getMessage());
                return message.contains("status: ") ? SOCKS_REFUSED
                        : message.endsWith("timeout") ? SOCKS_TIMEOUT : SOCKS_FAILED;
            }
            if (t instanceof UnknownHostException) {
                return UNKNOWN_HOST;
            }
            if (t instanceof ConnectTimeoutException) {
                return CONNECT_TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return CONNECT_REFUSED;
            }
            if (t instanceof TimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof ClosedChannelException) {
                return connecting ? CONNECT_FAILED : CONNECTION_CLOSED;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection refused"))) {
                return CONNECT_REFUSED;
            }
            if (message != null && (message.contains("closed") || message.contains("reset") || message.contains("Broken pipe"))) {
                return connecting ? CONNECT_FAILED : CONNECTION_CLOSED;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        if (failure instanceof VertxException) {
            return connecting ? CONNECT_FAILED : CONNECTION_CLOSED;
        }
        return connecting ? CONNECT_FAILED : OTHER;
    }
}
