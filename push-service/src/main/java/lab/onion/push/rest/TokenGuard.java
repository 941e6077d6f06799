package lab.onion.push.rest;

import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.push.config.PushConfig;
import lab.onion.push.topic.PushException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks the bearer tokens of {@code push.publish-token} and {@code push.subscribe-token}; an unset token means open.
 * Tokens are compared in constant time.
 */
@ApplicationScoped
public class TokenGuard {

    private final Optional<byte[]> publishToken;
    private final Optional<byte[]> subscribeToken;

    TokenGuard(PushConfig config) {
        this.publishToken = bytes(config.publishToken());
        this.subscribeToken = bytes(config.subscribeToken());
    }

    /** @throws PushException 401 unless publishing is open or {@code authorization} carries the publish token */
    public void checkPublish(String authorization) {
        check(publishToken, bearer(authorization), "publish");
    }

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param accessToken   the {@code access_token} query parameter, or {@code null}
     * @throws PushException 401 unless subscribing is open or one of them carries the subscribe token
     */
    public void checkSubscribe(String authorization, String accessToken) {
        String presented = bearer(authorization);
        check(subscribeToken, presented != null ? presented : accessToken, "subscribe");
    }

    public boolean publishIsOpen() {
        return publishToken.isEmpty();
    }

    public boolean subscribeIsOpen() {
        return subscribeToken.isEmpty();
    }

    private static void check(Optional<byte[]> expected, String presented, String what) {
        if (expected.isEmpty()) {
            return;
        }
        if (presented == null || presented.isEmpty()) {
            throw PushException.unauthorized("missing bearer token: " + what + " requires 'Authorization: Bearer <token>'");
        }
        if (!MessageDigest.isEqual(expected.get(), presented.getBytes(StandardCharsets.UTF_8))) {
            throw PushException.unauthorized("wrong bearer token for " + what);
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        return "";
    }

    private static Optional<byte[]> bytes(Optional<String> token) {
        return token.map(String::trim).filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }
}
