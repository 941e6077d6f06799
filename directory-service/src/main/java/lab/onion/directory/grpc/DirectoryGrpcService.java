package lab.onion.directory.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import lab.onion.directory.consensus.ConsensusAuthority;
import lab.onion.directory.consensus.RelayRegistry;
import lab.onion.directory.descriptor.Refusal;
import lab.onion.directory.v1.Directory;
import lab.onion.directory.v1.GetConsensusRequest;
import lab.onion.directory.v1.HeartbeatReply;
import lab.onion.directory.v1.HeartbeatRequest;
import lab.onion.directory.v1.RegisterReply;
import lab.onion.directory.v1.RegisterRequest;
import lab.onion.directory.v1.SignedConsensus;
import lab.onion.directory.v1.WatchConsensusRequest;

/**
 * The directory over gRPC (contract: onionlab/directory/v1/directory.proto in contracts/).
 * Register and Heartbeat verify signatures, so they run on worker threads; a refusal becomes the
 * status code the contract names, with the reason as its description, and is not logged.
 */
@GrpcService
public class DirectoryGrpcService implements Directory {

    private final RelayRegistry registry;
    private final ConsensusAuthority authority;

    DirectoryGrpcService(RelayRegistry registry, ConsensusAuthority authority) {
        this.registry = registry;
        this.authority = authority;
    }

    @Override
    @Blocking
    public Uni<RegisterReply> register(RegisterRequest request) {
        try {
            long version = registry.register(ProtoMapping.descriptor(request.getRelay()),
                    request.getSignature().toByteArray());
            return Uni.createFrom().item(RegisterReply.newBuilder()
                    .setConsensusVersion(version)
                    .setHeartbeatIntervalMs(registry.heartbeatInterval().toMillis())
                    .setHeartbeatTimeoutMs(registry.heartbeatTimeout().toMillis())
                    .build());
        } catch (Refusal refusal) {
            return Uni.createFrom().failure(status(refusal));
        }
    }

    @Override
    @Blocking
    public Uni<HeartbeatReply> heartbeat(HeartbeatRequest request) {
        try {
            long version = registry.heartbeat(ProtoMapping.heartbeat(request));
            return Uni.createFrom().item(HeartbeatReply.newBuilder().setConsensusVersion(version).build());
        } catch (Refusal refusal) {
            return Uni.createFrom().failure(status(refusal));
        }
    }

    @Override
    public Uni<SignedConsensus> getConsensus(GetConsensusRequest request) {
        return Uni.createFrom().item(ProtoMapping.signedConsensus(authority.current()));
    }

    @Override
    public Multi<SignedConsensus> watchConsensus(WatchConsensusRequest request) {
        long after = request.getAfterVersion();
        return Multi.createFrom().emitter(emitter -> {
            Runnable unwatch = authority.watch(signed -> {
                if (Long.compareUnsigned(signed.version(), after) > 0) {
                    emitter.emit(ProtoMapping.signedConsensus(signed));
                }
            });
            emitter.onTermination(unwatch);
        }, BackPressureStrategy.LATEST);
    }

    static RuntimeException status(Refusal refusal) {
        Status status = switch (refusal.reason()) {
            case MALFORMED -> Status.INVALID_ARGUMENT;
            case BAD_SIGNATURE -> Status.UNAUTHENTICATED;
            case NOT_ALLOWED -> Status.PERMISSION_DENIED;
            case STALE -> Status.FAILED_PRECONDITION;
            case CONFLICT -> Status.ALREADY_EXISTS;
            case UNKNOWN_RELAY -> Status.NOT_FOUND;
        };
        return status.withDescription(refusal.getMessage()).asRuntimeException();
    }
}
