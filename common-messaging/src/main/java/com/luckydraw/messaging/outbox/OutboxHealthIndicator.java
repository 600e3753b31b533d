package com.luckydraw.messaging.outbox;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Shows the outbox backlog: committed messages the broker has not acknowledged yet. */
public class OutboxHealthIndicator extends AbstractHealthIndicator {

    private final OutboxRelay relay;

    public OutboxHealthIndicator(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("backlog", relay.backlog()).withDetail("paused", relay.isPaused());
    }
}
