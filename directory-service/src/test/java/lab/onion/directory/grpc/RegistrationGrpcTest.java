package lab.onion.directory.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import lab.onion.directory.GrpcClient;
import lab.onion.directory.LogCapture;
import lab.onion.directory.TestRelay;
import lab.onion.directory.crypto.Ed25519;
import lab.onion.directory.descriptor.RelayDescriptor;
import lab.onion.directory.v1.HeartbeatReply;
import lab.onion.directory.v1.RegisterReply;
import lab.onion.directory.v1.RegisterRequest;
import lab.onion.directory.v1.RelayFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static lab.onion.directory.GrpcClient.assertStatus;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Registration and heartbeats over real gRPC: what is admitted, and each refusal's exact status code. */
@QuarkusTest
class RegistrationGrpcTest {

    private GrpcClient grpc;

    @BeforeEach
    void connect() {
        grpc = new GrpcClient();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        grpc.close();
    }

    @Test
    void aSignedDescriptorIsAdmittedAndListed() {
        TestRelay relay = TestRelay.create("ok");

        RegisterReply reply = grpc.directory().register(relay.register());

        assertTrue(reply.getConsensusVersion() > 0);
        assertEquals(1000, reply.getHeartbeatIntervalMs());
        assertEquals(3000, reply.getHeartbeatTimeoutMs());
        given().get("/consensus").then().statusCode(200).body("relays.nickname", hasItem(relay.nickname));
        HeartbeatReply heartbeat = grpc.directory().heartbeat(relay.heartbeat());
        assertTrue(heartbeat.getConsensusVersion() >= reply.getConsensusVersion());
    }

    @Test
    void theSameDescriptorAgainIsHarmless() {
        TestRelay relay = TestRelay.create("again");
        RegisterRequest request = relay.register();
        long first = grpc.directory().register(request).getConsensusVersion();
        long second = grpc.directory().register(request).getConsensusVersion();
        assertTrue(second >= first, "a retry publishes nothing new of its own");
    }

    @Test
    void aNewerDescriptorReplacesTheOldOne() {
        TestRelay relay = TestRelay.create("newer");
        long now = System.currentTimeMillis();
        long first = grpc.directory().register(relay.register(relay.descriptor(now - 1000))).getConsensusVersion();
        long second = grpc.directory().register(relay.register(relay.descriptor(now))).getConsensusVersion();
        assertTrue(second > first);
        given().get("/consensus").then().body("relays.findAll { it.nickname == '" + relay.nickname + "' }.publishedUnixMs",
                org.hamcrest.Matchers.contains(now));
    }

    @Test
    void aSignatureByAnotherKeyIsUnauthenticated() {
        TestRelay relay = TestRelay.create("forged");
        RelayDescriptor d = relay.descriptor();
        RegisterRequest forged = relay.register(d).toBuilder()
                .setSignature(ByteString.copyFrom(Ed25519.sign(Ed25519.generate().seed(), d.signingBytes()))).build();

        Status status = assertStatus(Status.Code.UNAUTHENTICATED, () -> grpc.directory().register(forged));
        assertTrue(status.getDescription().contains("signature does not verify"), status.getDescription());
        given().get("/consensus").then().body("relays.nickname", not(hasItem(relay.nickname)));
    }

    @Test
    void aFieldChangedAfterSigningIsUnauthenticated() {
        TestRelay relay = TestRelay.create("changed");
        RegisterRequest signed = relay.register();
        RegisterRequest changed = signed.toBuilder()
                .setRelay(signed.getRelay().toBuilder().clearExitPolicy().addExitPolicy("accept *:*")).build();

        assertStatus(Status.Code.UNAUTHENTICATED, () -> grpc.directory().register(changed));
    }

    @Test
    void staleAndFutureDescriptorsAreRefused() {
        TestRelay relay = TestRelay.create("clock");
        long now = System.currentTimeMillis();

        Status stale = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> grpc.directory().register(relay.register(relay.descriptor(now - 3_600_000))));
        assertTrue(stale.getDescription().contains("ago"), stale.getDescription());
        Status future = assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> grpc.directory().register(relay.register(relay.descriptor(now + 3_600_000))));
        assertTrue(future.getDescription().contains("in the future"), future.getDescription());
    }

    @Test
    void aDescriptorOlderThanTheRegisteredOneIsRefused() {
        TestRelay relay = TestRelay.create("replay");
        long now = System.currentTimeMillis();
        RegisterRequest old = relay.register(relay.descriptor(now - 2000));
        grpc.directory().register(relay.register(relay.descriptor(now)));

        assertStatus(Status.Code.FAILED_PRECONDITION, () -> grpc.directory().register(old));
    }

    @Test
    void aNicknameHeldByAnotherKeyIsRefused() {
        TestRelay owner = TestRelay.create("nick");
        grpc.directory().register(owner.register());
        TestRelay impostor = TestRelay.withIdentity(Ed25519.generate(), owner.nickname.toUpperCase());

        Status status = assertStatus(Status.Code.ALREADY_EXISTS, () -> grpc.directory().register(impostor.register()));
        assertTrue(status.getDescription().contains("is held by another identity key"), status.getDescription());
    }

    @Test
    void anIdentityRegisteredUnderAnotherNicknameIsRefused() {
        TestRelay first = TestRelay.create("ident");
        grpc.directory().register(first.register());
        TestRelay sameKey = TestRelay.withIdentity(first.identity, first.nickname + "x");

        Status status = assertStatus(Status.Code.ALREADY_EXISTS, () -> grpc.directory().register(sameKey.register()));
        assertTrue(status.getDescription().contains("is already registered as '" + first.nickname + "'"), status.getDescription());
    }

    static Stream<Arguments> malformed() {
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        return Stream.<Arguments>of(
                arguments("identity key of 31 bytes", field(b -> b.setIdentityKey(ByteString.copyFrom(new byte[31])))),
                arguments("identity key not on the curve", field(b -> b.setIdentityKey(ByteString.copyFrom(notAPoint)))),
                arguments("no onion key", field(b -> b.clearOnionKey())),
                arguments("onion key of 33 bytes", field(b -> b.setOnionKey(ByteString.copyFrom(new byte[33])))),
                arguments("host name as address", field(b -> b.setAddress("relay-1"))),
                arguments("address with leading zeros", field(b -> b.setAddress("127.000.000.001"))),
                arguments("no address", field(b -> b.clearAddress())),
                arguments("link port 0", field(b -> b.setLinkPort(0))),
                arguments("link port 70000", field(b -> b.setLinkPort(70000))),
                arguments("nickname with a blank", field(b -> b.setNickname("relay 1"))),
                arguments("unspecified flag", field(b -> b.addFlags(RelayFlag.RELAY_FLAG_UNSPECIFIED))),
                arguments("unknown flag value", field(b -> b.addFlagsValue(7))),
                arguments("flag twice", field(b -> b.addFlags(RelayFlag.RELAY_FLAG_GUARD))),
                arguments("bad exit rule", field(b -> b.addExitPolicy("accept all"))),
                arguments("negative publication time", field(b -> b.setPublishedUnixMs(-1))),
                arguments("no signature", (UnaryOperator<RegisterRequest>) r -> r.toBuilder().clearSignature().build()),
                arguments("short signature", (UnaryOperator<RegisterRequest>) r -> r.toBuilder()
                        .setSignature(r.getSignature().substring(0, 63)).build()));
    }

    private static UnaryOperator<RegisterRequest> field(UnaryOperator<lab.onion.directory.v1.RelayDescriptor.Builder> change) {
        return r -> r.toBuilder().setRelay(change.apply(r.getRelay().toBuilder())).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFieldsAreInvalidArguments(String name, UnaryOperator<RegisterRequest> change) {
        TestRelay relay = TestRelay.create("bad");
        RegisterRequest request = change.apply(relay.register());

        Status status = assertStatus(Status.Code.INVALID_ARGUMENT, () -> grpc.directory().register(request));
        assertTrue(status.getDescription() != null && !status.getDescription().isBlank(), name);
    }

    @Test
    void heartbeatRefusals() {
        TestRelay stranger = TestRelay.create("hb");
        Status unknown = assertStatus(Status.Code.NOT_FOUND, () -> grpc.directory().heartbeat(stranger.heartbeat()));
        assertTrue(unknown.getDescription().contains("register again"), unknown.getDescription());

        TestRelay relay = TestRelay.create("hb");
        grpc.directory().register(relay.register());
        grpc.directory().heartbeat(relay.heartbeat());

        var forged = relay.heartbeat().toBuilder()
                .setSignature(ByteString.copyFrom(Ed25519.sign(Ed25519.generate().seed(), new byte[] {1}))).build();
        assertStatus(Status.Code.UNAUTHENTICATED, () -> grpc.directory().heartbeat(forged));

        var replayed = relay.heartbeat();
        grpc.directory().heartbeat(replayed);
        assertStatus(Status.Code.FAILED_PRECONDITION, () -> grpc.directory().heartbeat(replayed));
        assertStatus(Status.Code.FAILED_PRECONDITION,
                () -> grpc.directory().heartbeat(relay.heartbeat(System.currentTimeMillis() + 3_600_000)));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> grpc.directory().heartbeat(relay.heartbeat().toBuilder()
                .setIdentityKey(ByteString.copyFrom(new byte[8])).build()));
    }

    /** Bad input is answered, not logged: no stack trace, and no INFO line but join/leave events. */
    @Test
    void refusalsLeaveNoStackTraceAndNoInfoLineInTheLog() {
        try (LogCapture log = LogCapture.start()) {
            TestRelay relay = TestRelay.create("quiet");
            RegisterRequest good = relay.register();
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> grpc.directory().register(good.toBuilder().clearSignature().build()));
            assertStatus(Status.Code.UNAUTHENTICATED, () -> grpc.directory().register(good.toBuilder()
                    .setSignature(ByteString.copyFrom(new byte[64])).build()));
            assertStatus(Status.Code.NOT_FOUND, () -> grpc.directory().heartbeat(relay.heartbeat()));
            grpc.directory().register(good);
            grpc.directory().heartbeat(relay.heartbeat());
            given().get("/consensus").then().statusCode(200);
            given().get("/keys").then().statusCode(200);

            List<LogCapture.Line> lines = log.lines();
            assertTrue(lines.stream().noneMatch(l -> l.thrown() != null), () -> "stack traces: " + lines);
            assertTrue(lines.stream().filter(l -> l.level().intValue() >= Level.INFO.intValue())
                    .allMatch(l -> l.message() != null && l.message().matches("relay (joined|left) .*")), () -> "INFO lines: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.message() != null
                    && l.message().startsWith("relay joined nickname=" + relay.nickname + " ")), () -> "join line: " + lines);
        }
    }
}
