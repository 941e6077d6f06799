package lab.onion.relay.directory;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import lab.onion.directory.v1.RelayDescriptor;
import lab.onion.directory.v1.RelayFlag;
import lab.onion.relay.crypto.RelayKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration and heartbeats over real gRPC against {@link TestDirectory}, which checks signatures with the JDK. */
class DirectoryRegistrarTest {

    private final RelayKeys keys = RelayKeys.generate(new SecureRandom());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private TestDirectory directory;
    private ManagedChannel channel;
    private DirectoryRegistrar registrar;

    @AfterEach
    void stop() {
        if (registrar != null) {
            registrar.close();
        }
        scheduler.shutdownNow();
        if (channel != null) {
            channel.shutdownNow();
        }
        if (directory != null) {
            directory.close();
        }
    }

    private RelayDescriptor.Builder template() {
        return RelayDescriptor.newBuilder().setNickname("relay-3").setAddress("10.10.0.13").setLinkPort(5000)
                .setIdentityKey(ByteString.copyFrom(keys.identityKey()))
                .setOnionKey(ByteString.copyFrom(keys.onionKey()))
                .addFlags(RelayFlag.RELAY_FLAG_EXIT)
                .addExitPolicy("accept echo-service:8081").addExitPolicy("reject *:*");
    }

    private void startRegistrar(int port) {
        channel = DirectoryChannels.open("127.0.0.1:" + port);
        RelayDescriptor.Builder template = template();
        registrar = new DirectoryRegistrar(channel, "127.0.0.1:" + port, keys, template::clone,
                Duration.ofMillis(50), Duration.ofMillis(200), scheduler, System::currentTimeMillis);
        registrar.start();
    }

    @Test
    void registersASignedDescriptorThenHeartbeats() throws Exception {
        directory = new TestDirectory(0, 50);
        startRegistrar(directory.port());
        await(() -> directory.heartbeats.size() >= 3, "three heartbeats");
        assertTrue(registrar.registered());
        assertEquals(1, directory.registrations.size());
        RelayDescriptor sent = directory.registrations.get(0);
        assertEquals("relay-3", sent.getNickname());
        assertEquals("10.10.0.13", sent.getAddress());
        assertArrayEquals(keys.identityKey(), sent.getIdentityKey().toByteArray());
        assertTrue(Math.abs(System.currentTimeMillis() - sent.getPublishedUnixMs()) < 10_000);
        assertEquals(0, directory.refusals.size(), directory.refusals.toString());
    }

    @Test
    void registersAgainOnNotFound() throws Exception {
        directory = new TestDirectory(0, 50);
        startRegistrar(directory.port());
        await(() -> directory.heartbeats.size() >= 1, "a heartbeat");
        directory.forgetOnNextHeartbeat.set(true);
        await(() -> directory.registrations.size() == 2 && directory.heartbeats.size() >= 3,
                "registered again, heartbeats again");
        assertEquals(0, directory.refusals.size(), directory.refusals.toString());
    }

    @Test
    void retriesUntilTheDirectoryComesUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        startRegistrar(port);
        Thread.sleep(400); // a few refused connections, backing off
        assertTrue(!registrar.registered());
        directory = new TestDirectory(port, 50);
        await(() -> registrar.registered() && directory.heartbeats.size() >= 1, "registered once it is up");
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
