package lab.onion.load.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Stands in for a service's {@code /q/metrics}: {@code process_cpu_time_ns_total} grows as if the
 * service used {@code share} of a CPU since the stub started.
 */
public final class CpuMetricsStub implements AutoCloseable {

    private final HttpServer server;
    private final long startNanos = System.nanoTime();

    public CpuMetricsStub(double share) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/metrics", exchange -> {
            double cpu = share * (System.nanoTime() - startNanos);
            byte[] body = String.format(Locale.ROOT, "# TYPE process_cpu_time_ns counter%nprocess_cpu_time_ns_total %.6E%n", cpu)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
