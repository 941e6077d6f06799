package lab.onion.load.model;

import java.time.Duration;

/**
 * How a run is paced and how long it lasts.
 *
 * @param grace how long to wait after the run for replies still outstanding; they count as timeouts after it
 */
public record RunSettings(LoadModel model, Duration duration, Duration warmup, Duration grace, long seed) {
}
