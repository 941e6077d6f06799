package lab.onion.push.ws;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the HTTP connection under each WebSocket, so that the gateway can cut the TCP connection of a peer that
 * does not read: a close frame queues behind the frames such a peer never takes, and would never arrive.
 */
@ApplicationScoped
public class ConnectionCapture implements HttpUpgradeCheck {

    static final UserData.TypedKey<HttpConnection> HTTP_CONNECTION = new UserData.TypedKey<>("push.http-connection");

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        context.userData().put(HTTP_CONNECTION, context.httpRequest().connection());
        return CheckResult.permitUpgrade();
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TopicSocket.ENDPOINT_ID.equals(endpointId);
    }
}
