package lab.onion.push.health;

import jakarta.enterprise.context.ApplicationScoped;
import lab.onion.push.topic.TopicRegistry;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the topics are: reports the epoch (which a restart changes) and how many topics there are. */
@Readiness
@ApplicationScoped
public class TopicsHealthCheck implements HealthCheck {

    private final TopicRegistry topics;

    TopicsHealthCheck(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("push-topics").up()
                .withData("epoch", topics.epoch())
                .withData("topics", topics.all().size())
                .build();
    }
}
