package lab.onion.directory;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.RestAssured;
import lab.onion.directory.v1.DirectoryGrpc;
import org.junit.jupiter.api.function.Executable;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A real gRPC client over the network to the service's test port (gRPC shares the HTTP port). */
public final class GrpcClient implements AutoCloseable {

    public final ManagedChannel channel;

    public GrpcClient() {
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    }

    /** A stub whose calls must end within 20 s. */
    public DirectoryGrpc.DirectoryBlockingStub directory() {
        return DirectoryGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** Asserts that {@code call} fails with exactly {@code code}; returns the status for further checks. */
    public static Status assertStatus(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), "status " + e.getStatus());
        return e.getStatus();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
