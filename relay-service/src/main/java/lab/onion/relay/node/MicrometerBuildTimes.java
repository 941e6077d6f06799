package lab.onion.relay.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import lab.onion.relay.circuit.BuildTimes;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Build times as Micrometer timers, with p50 / p90 / p99 over the last minute, in
 * {@code /q/metrics}: a relay's {@code onion_relay_create2_seconds}; the proxy's
 * {@code onion_proxy_hop_seconds{hop="1".."3"}} and {@code onion_proxy_build_seconds}. A hop's
 * time minus its relay's CREATE2 time is what the link crossings and the client took.
 */
final class MicrometerBuildTimes implements BuildTimes {

    private static final int HOPS = 3;

    private final MeterRegistry registry;
    private final Timer create2;
    private final Timer build;
    private final Timer[] hops = new Timer[HOPS];

    private MicrometerBuildTimes(MeterRegistry registry, boolean relay) {
        this.registry = registry;
        this.create2 = relay ? timer("onion.relay.create2",
                "a CREATE2 answered: from its arrival to its CREATED2 queued (the relay's ntor work)", null) : null;
        this.build = relay ? null : timer("onion.proxy.build",
                "a circuit built: from asking for the guard's link to the last hop's reply checked", null);
        if (!relay) {
            for (int hop = 1; hop <= HOPS; hop++) {
                hops[hop - 1] = hopTimer(hop);
            }
        }
    }

    static BuildTimes forRelay(MeterRegistry registry) {
        return new MicrometerBuildTimes(registry, true);
    }

    static BuildTimes forProxy(MeterRegistry registry) {
        return new MicrometerBuildTimes(registry, false);
    }

    @Override
    public void create2Answered(long nanos) {
        create2.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void hopCompleted(int hop, long nanos) {
        Timer timer = hop <= HOPS ? hops[hop - 1] : hopTimer(hop); // the lab's paths have three hops
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void circuitBuilt(long nanos) {
        build.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer hopTimer(int hop) {
        return timer("onion.proxy.hop", "hop N extended: from its onion skin queued to its reply checked "
                + "(the crossings there and back, that relay's CREATE2, the client's work)", String.valueOf(hop));
    }

    private Timer timer(String name, String description, String hop) {
        Timer.Builder builder = Timer.builder(name).description(description)
                .publishPercentiles(0.5, 0.9, 0.99).percentilePrecision(2)
                .distributionStatisticExpiry(Duration.ofMinutes(1)).distributionStatisticBufferLength(3);
        if (hop != null) {
            builder.tag("hop", hop);
        }
        return builder.register(registry);
    }
}
