package com.luckydraw.messaging.outbox;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.Optional;

/**
 * Shows the outbox backlog: committed messages the broker has not acknowledged yet. OUT_OF_SERVICE (and so not ready)
 * while the relay is paused, or once the oldest unsent row is older than {@code maxUnsentAge}: the service still
 * commits, but its answers are not leaving, and a load balancer should send its work elsewhere.
 */
public class OutboxHealthIndicator extends AbstractHealthIndicator {

    private final OutboxRelay relay;
    private final Duration maxUnsentAge;

    public OutboxHealthIndicator(OutboxRelay relay, Duration maxUnsentAge) {
        this.relay = relay;
        this.maxUnsentAge = maxUnsentAge;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Optional<Duration> oldest = relay.oldestUnsentAge();
        boolean paused = relay.isPaused();
        boolean late = oldest.filter(age -> age.compareTo(maxUnsentAge) > 0).isPresent();
        if (paused || late) {
            builder.outOfService();
        } else {
            builder.up();
        }
        builder.withDetail("backlog", relay.backlog()).withDetail("paused", paused)
                .withDetail("oldestUnsentAge", oldest.map(Duration::toString).orElse("none"))
                .withDetail("maxUnsentAge", maxUnsentAge.toString());
    }
}
