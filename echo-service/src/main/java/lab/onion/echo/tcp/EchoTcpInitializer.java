package lab.onion.echo.tcp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import lab.onion.echo.config.EchoConfig;

import java.util.concurrent.TimeUnit;

/** Assembles each connection's pipeline: idle detection, line framing, uppercasing. */
final class EchoTcpInitializer extends ChannelInitializer<SocketChannel> {

    private final EchoConfig.Tcp config;
    private final EchoTcpMetrics metrics;

    EchoTcpInitializer(EchoConfig.Tcp config, EchoTcpMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("lines", new LineDecoder(config.maxLineLength()))
                .addLast("uppercase", new UppercaseLineHandler(metrics));
    }
}
