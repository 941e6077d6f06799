package lab.onion.directory.events;

import io.quarkus.runtime.Startup;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import lab.onion.directory.config.DirectoryConfig;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes each join/leave to the push gateway ({@code POST {url}/topics/{topic}}, JSON
 * {@code {"event","nickname","identity","consensusVersion"}}), when one is configured. Fire and
 * forget: the directory never waits for it, and a gateway that is down costs one warning per
 * outage, not one per event.
 */
@Startup // a bad URL fails the start, not the first event
@Singleton
public class PushGatewayPublisher {

    private static final Logger LOG = Logger.getLogger(PushGatewayPublisher.class);

    private final WebClient client;
    private final String target;
    private final Optional<String> token;
    private final long timeoutMs;
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    PushGatewayPublisher(DirectoryConfig config, Vertx vertx) {
        DirectoryConfig.Push push = config.push();
        this.token = push.token().map(String::strip).filter(t -> !t.isEmpty());
        this.timeoutMs = push.timeout().toMillis();
        Optional<String> url = push.url().map(String::strip).filter(u -> !u.isEmpty());
        if (url.isEmpty()) {
            this.client = null;
            this.target = null;
            return;
        }
        this.target = topicUrl(url.get(), push.topic());
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setUserAgent("onion-lab-directory-service"));
        LOG.infof("publishing relay events to %s", target);
    }

    public boolean isEnabled() {
        return client != null;
    }

    void on(@Observes RelayEvent event) {
        if (client == null) {
            return;
        }
        JsonObject body = new JsonObject()
                .put("event", event.type().label())
                .put("nickname", event.relay().nickname())
                .put("identity", Base64.getEncoder().encodeToString(event.relay().identityKey()))
                .put("consensusVersion", event.consensusVersion());
        HttpRequest<Buffer> request = client.postAbs(target).timeout(timeoutMs);
        token.ifPresent(request::bearerTokenAuthentication);
        request.sendJsonObject(body).onComplete(this::completed);
    }

    private void completed(AsyncResult<HttpResponse<Buffer>> result) {
        String problem = result.failed() ? String.valueOf(result.cause())
                : result.result().statusCode() / 100 == 2 ? null
                : "HTTP " + result.result().statusCode() + " " + result.result().statusMessage();
        if (problem == null) {
            if (reachable.compareAndSet(false, true)) {
                LOG.infof("push gateway %s accepts events again", target);
            }
        } else if (reachable.compareAndSet(true, false)) {
            LOG.warnf("push gateway %s did not take a relay event (%s); events are dropped until it answers", target, problem);
        } else {
            LOG.debugf("push gateway %s still failing: %s", target, problem);
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** {@code {url}/topics/{topic}}; a URL that is not absolute http(s) stops the start, naming the setting. */
    static String topicUrl(String url, String topic) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("directory.push.url '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("directory.push.url '" + url + "' must be an absolute http:// or https:// URL");
        }
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base + "/topics/" + topic;
    }
}
