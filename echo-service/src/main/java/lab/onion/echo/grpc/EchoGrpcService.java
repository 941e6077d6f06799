package lab.onion.echo.grpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import lab.onion.echo.v1.Echo;
import lab.onion.echo.v1.UpperReply;
import lab.onion.echo.v1.UpperRequest;

import java.util.Locale;

/** The echo protocol over gRPC (contract: onionlab/echo/v1/echo.proto in contracts/). */
@GrpcService
public class EchoGrpcService implements Echo {

    @Override
    public Uni<UpperReply> upper(UpperRequest request) {
        return Uni.createFrom().item(reply(request));
    }

    @Override
    public Multi<UpperReply> upperStream(Multi<UpperRequest> requests) {
        return requests.map(EchoGrpcService::reply);
    }

    private static UpperReply reply(UpperRequest request) {
        return UpperReply.newBuilder().setText(request.getText().toUpperCase(Locale.ROOT)).build();
    }
}
