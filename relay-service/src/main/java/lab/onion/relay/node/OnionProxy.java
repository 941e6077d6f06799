package lab.onion.relay.node;

import io.grpc.ManagedChannel;
import lab.onion.relay.circuit.OnionClient;
import lab.onion.relay.directory.ConsensusClient;
import lab.onion.relay.directory.DirectoryChannels;
import lab.onion.relay.link.NettyTransport;
import lab.onion.relay.proxy.CircuitManager;
import lab.onion.relay.socks.SocksServer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The onion proxy assembled: the consensus client (directory thread), the circuit layer and
 * circuit manager and the SOCKS port (the client's event loop). Plain code, so tests run it
 * without Quarkus.
 */
public final class OnionProxy implements AutoCloseable {

    /** What the proxy needs to know. */
    public record Settings(String directoryUrl, Optional<String> directoryKey, Duration retryInitial,
                           Duration retryMax, Duration pollInterval, String socksHost, int socksPort,
                           int preemptiveCircuits, Duration circuitLifetime, Duration connectTimeout,
                           Duration buildTimeout) {
    }

    private final OnionClient client;
    private final ManagedChannel channel;
    private final ScheduledExecutorService scheduler;
    private final ConsensusClient consensus;
    private final CircuitManager circuits;
    private final SocksServer socks;

    public OnionProxy(NettyTransport transport, Settings settings) {
        client = new OnionClient(transport, settings.connectTimeout(), settings.buildTimeout());
        channel = DirectoryChannels.open(settings.directoryUrl());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "directory");
            thread.setDaemon(true);
            return thread;
        });
        ConsensusClient[] holder = new ConsensusClient[1];
        circuits = new CircuitManager(client, () -> holder[0].current(), settings.preemptiveCircuits(),
                settings.circuitLifetime(), new SecureRandom());
        consensus = new ConsensusClient(channel, DirectoryChannels.hostPort(settings.directoryUrl()),
                settings.directoryKey(), settings.retryInitial(), settings.retryMax(), settings.pollInterval(),
                scheduler, c -> circuits.consensusChanged());
        holder[0] = consensus;
        socks = new SocksServer(transport, circuits, settings.buildTimeout().plus(settings.connectTimeout()));
        socks.start(settings.socksHost(), settings.socksPort());
        circuits.start();
        consensus.start();
    }

    public OnionClient client() {
        return client;
    }

    public ConsensusClient consensus() {
        return consensus;
    }

    public CircuitManager circuits() {
        return circuits;
    }

    public SocksServer socks() {
        return socks;
    }

    @Override
    public void close() {
        consensus.close();
        socks.stop();
        scheduler.shutdownNow();
        channel.shutdownNow();
        client.close();
    }
}
