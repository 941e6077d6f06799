package lab.onion.echo.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import lab.onion.echo.v1.EchoGrpc;
import lab.onion.echo.v1.UpperReply;
import lab.onion.echo.v1.UpperRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** gRPC over the network, with the stock grpc-java client generated from the contract. */
@QuarkusTest
class EchoGrpcServiceTest {

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void unaryUppercases() {
        UpperReply reply = EchoGrpc.newBlockingStub(channel)
                .upper(UpperRequest.newBuilder().setText("grpc straße").build());
        assertEquals("GRPC STRASSE", reply.getText());
    }

    @Test
    void bidirectionalStreamAnswersEveryRequestInOrder() throws Exception {
        List<String> replies = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<UpperRequest> requests = EchoGrpc.newStub(channel).upperStream(new StreamObserver<>() {
            @Override
            public void onNext(UpperReply reply) {
                replies.add(reply.getText());
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        for (int i = 0; i < 500; i++) {
            requests.onNext(UpperRequest.newBuilder().setText("message " + i).build());
        }
        requests.onCompleted();
        done.get(20, TimeUnit.SECONDS);

        assertEquals(500, replies.size());
        for (int i = 0; i < 500; i++) {
            assertEquals("MESSAGE " + i, replies.get(i));
        }
    }
}
