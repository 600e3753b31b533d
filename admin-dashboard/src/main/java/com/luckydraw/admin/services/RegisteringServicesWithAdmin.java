package com.luckydraw.admin.services;

import de.codecentric.boot.admin.server.domain.values.Registration;
import de.codecentric.boot.admin.server.services.InstanceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Registers the configured services with Spring Boot Admin at start-up, so the services need no Spring Boot Admin
 * client of their own: the dashboard knows them from its configuration. Spring Boot Admin then polls each one's
 * health itself, also while it is down, and shows it as soon as it answers. A service of several instances (comma-
 * separated URLs) is registered once per instance under one name.
 */
@Component
class RegisteringServicesWithAdmin {

    private static final Logger log = LoggerFactory.getLogger(RegisteringServicesWithAdmin.class);

    private final InstanceRegistry registry;
    private final MonitoredServices config;

    RegisteringServicesWithAdmin(InstanceRegistry registry, MonitoredServices config) {
        this.registry = registry;
        this.config = config;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerAll() {
        for (MonitoredService service : config.services()) {
            // Every instance under the service's name: Spring Boot Admin groups and counts them.
            for (String url : service.instanceUrls()) {
                String management = service.managementUrlOf(url);
                Registration.Builder registration = Registration.create(service.name(), management + "/health")
                        .managementUrl(management).serviceUrl(url).source("luckydraw-config");
                if (config.credentials().present()) {
                    // Spring Boot Admin's BasicAuthHttpHeaderProvider reads these; its UI masks the password.
                    registration.metadata("user.name", config.credentials().user())
                            .metadata("user.password", config.credentials().password());
                }
                var id = registry.register(registration.build()).block(Duration.ofSeconds(10));
                log.info("Registered {} at {} with Spring Boot Admin as instance {}", service.name(), url, id);
            }
        }
    }
}
