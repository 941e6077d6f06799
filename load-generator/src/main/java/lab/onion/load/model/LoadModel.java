package lab.onion.load.model;

/**
 * How requests are paced.
 *
 * <ul>
 *   <li>{@link ClosedLoop}: each worker keeps its slots busy; the next request goes out when a
 *       reply comes back. Throughput is whatever the service allows; latency is from the send.</li>
 *   <li>{@link FixedRate}: open loop, as wrk2: requests are due at fixed intended times whatever
 *       the service does, and latency is measured from the intended time, so a stalled service
 *       shows up in the percentiles instead of silently slowing the generator down
 *       (coordinated omission).</li>
 * </ul>
 */
public sealed interface LoadModel {

    record ClosedLoop() implements LoadModel {
        @Override
        public String toString() {
            return "closed-loop";
        }
    }

    record FixedRate(double perSecond) implements LoadModel {
        public FixedRate {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("rate must be > 0 requests/s, got " + perSecond);
            }
        }

        @Override
        public String toString() {
            return "fixed-rate";
        }
    }
}
