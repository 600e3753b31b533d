package com.luckydraw.admin.health;

import com.luckydraw.admin.services.MonitoredService;

import java.util.List;
import java.util.Optional;

/**
 * A service's health as its actuator reports it: overall status, the liveness and readiness probes (separate
 * questions: "restart me?" and "send me traffic?"), and each contributor with its details.
 *
 * @param error why the health could not be read (then status is {@code UNREACHABLE})
 */
public record ServiceHealth(MonitoredService service, String status, String liveness, String readiness,
                            List<HealthComponent> components, String error) {

    public static final String UNREACHABLE = "UNREACHABLE";

    public boolean up() {
        return "UP".equals(status);
    }

    public Optional<HealthComponent> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Long outboxBacklog() {
        return component("outbox").map(c -> c.number("backlog")).orElse(null);
    }

    public Long consumerLag() {
        return component("kafka").map(c -> c.number("consumerLag")).orElse(null);
    }

    public Long deadLetters() {
        return component("kafka").map(c -> c.number("deadLetters")).orElse(null);
    }

    /** Status of Redis where the service uses it (Boot's {@code redis} or Redisson's {@code redisson}). */
    public String redis() {
        return component("redis").or(() -> component("redisson")).map(HealthComponent::status).orElse(null);
    }

    /** True when the service answered but hides its contributors (show-details not granted to us). */
    public boolean detailsHidden() {
        return error == null && components.isEmpty();
    }
}
