package lab.onion.echo.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the TCP server counts, exported at {@code /q/metrics} as {@code echo_tcp_*}. A singleton, not
 * a lazily created proxy, so its meters exist (at zero) from startup on.
 */
@Singleton
public class EchoTcpMetrics {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened;
    private final Counter lines;
    private final Counter tooLong;
    private final Counter idle;

    EchoTcpMetrics(MeterRegistry registry) {
        Gauge.builder("echo.tcp.connections.open", open, AtomicInteger::get)
                .description("TCP connections open now").register(registry);
        opened = Counter.builder("echo.tcp.connections").description("TCP connections accepted").register(registry);
        lines = Counter.builder("echo.tcp.lines").description("lines answered").register(registry);
        tooLong = Counter.builder("echo.tcp.closed").tag("reason", "line-too-long")
                .description("connections closed by the server").register(registry);
        idle = Counter.builder("echo.tcp.closed").tag("reason", "idle")
                .description("connections closed by the server").register(registry);
    }

    void connectionOpened() {
        open.incrementAndGet();
        opened.increment();
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    /** Counted once per read, not per line: the counter is shared by every event loop. */
    void linesAnswered(int count) {
        lines.increment(count);
    }

    void lineTooLong() {
        tooLong.increment();
    }

    void idleClosed() {
        idle.increment();
    }

    public int openConnections() {
        return open.get();
    }
}
