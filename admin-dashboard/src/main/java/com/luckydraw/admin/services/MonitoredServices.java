package com.luckydraw.admin.services;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The services the dashboard watches, under {@code luckydraw.admin}.
 *
 * @param services       each service's name and URLs (defaults in application.yml: 127.0.0.1:8081..8083)
 * @param orderService   the name of the service that owns the saga (its {@code /admin/orders} API)
 * @param lotteryService the name of the service that owns the rounds (its {@code /admin/rounds} API)
 * @param credentials    HTTP basic credentials for the services' {@code /admin/**} and {@code /actuator/**}; a
 *                       blank user sends none
 * @param timeout        how long one call to a service may take; a slow service must not stall the page
 */
@Validated
@ConfigurationProperties("luckydraw.admin")
public record MonitoredServices(@NotEmpty List<@Valid MonitoredService> services, String orderService,
                                String lotteryService, Credentials credentials, Duration timeout) {

    public MonitoredServices {
        services = services == null ? List.of() : List.copyOf(services);
        orderService = orderService == null || orderService.isBlank() ? "order-service" : orderService;
        lotteryService = lotteryService == null || lotteryService.isBlank() ? "lottery-service" : lotteryService;
        credentials = credentials == null ? new Credentials(null, null) : credentials;
        timeout = timeout == null ? Duration.ofSeconds(4) : timeout;
    }

    public Optional<MonitoredService> named(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** HTTP basic credentials; both blank means the services are called without authentication. */
    public record Credentials(String user, String password) {

        public boolean present() {
            return user != null && !user.isBlank();
        }
    }
}
