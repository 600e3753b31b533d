package com.luckydraw.admin.health;

import com.luckydraw.admin.services.Fetched;
import com.luckydraw.admin.services.MonitoredService;
import com.luckydraw.admin.services.MonitoredServices;
import com.luckydraw.admin.services.ServiceClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Reads every service's health, liveness and readiness from its actuator, all calls side by side. */
@Component
public class ReadingServiceHealth {

    private final MonitoredServices config;
    private final ServiceClient client;

    public ReadingServiceHealth(MonitoredServices config, ServiceClient client) {
        this.config = config;
        this.client = client;
    }

    public List<ServiceHealth> all() {
        List<Callable<Fetched<Map<String, Object>>>> calls = new ArrayList<>();
        for (MonitoredService service : config.services()) {
            calls.add(() -> client.jsonObject(service.actuator("/health")));
            calls.add(() -> client.jsonObject(service.actuator("/health/liveness")));
            calls.add(() -> client.jsonObject(service.actuator("/health/readiness")));
        }
        List<Fetched<Map<String, Object>>> answers = client.all(calls);
        List<ServiceHealth> health = new ArrayList<>();
        for (int i = 0; i < config.services().size(); i++) {
            health.add(of(config.services().get(i), answers.get(3 * i), answers.get(3 * i + 1),
                    answers.get(3 * i + 2)));
        }
        return health;
    }

    static ServiceHealth of(MonitoredService service, Fetched<Map<String, Object>> health,
                            Fetched<Map<String, Object>> liveness, Fetched<Map<String, Object>> readiness) {
        if (!health.ok() || health.value() == null) {
            return new ServiceHealth(service, ServiceHealth.UNREACHABLE, null, null, List.of(),
                    health.ok() ? "empty answer" : health.error());
        }
        List<HealthComponent> components = new ArrayList<>();
        flatten("", health.value().get("components"), components);
        return new ServiceHealth(service, status(health.value()), probe(liveness), probe(readiness), components,
                null);
    }

    private static String probe(Fetched<Map<String, Object>> probe) {
        // A service without probes enabled answers 404: say so rather than guess.
        return probe.ok() && probe.value() != null ? status(probe.value()) : "n/a";
    }

    private static String status(Map<?, ?> node) {
        Object status = node.get("status");
        return status == null ? "UNKNOWN" : status.toString();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, List<HealthComponent> into) {
        if (!(node instanceof Map<?, ?> children)) {
            return;
        }
        children.forEach((name, child) -> {
            if (!(child instanceof Map<?, ?> component)) {
                return;
            }
            String path = prefix + name;
            if (component.get("components") != null) {
                into.add(new HealthComponent(path, status(component), Map.of()));
                flatten(path + "/", component.get("components"), into);
            } else {
                Object details = component.get("details");
                into.add(new HealthComponent(path, status(component),
                        details instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of()));
            }
        });
    }
}
