package com.luckydraw.admin.services;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.util.Arrays;
import java.util.List;

/**
 * One service the dashboard watches.
 *
 * @param name          the name shown everywhere (and in Spring Boot Admin), e.g. {@code order-service}
 * @param url           base URL of its HTTP API, e.g. {@code http://127.0.0.1:8083}; for a service that runs as
 *                      several instances, each one's, comma-separated: the first is the one the pages call (every
 *                      instance serves the same data), Spring Boot Admin shows them all
 * @param managementUrl base URL of its actuator; empty means {@code url + "/actuator"}
 * @param instanceUrls  every instance's base URL, the first being {@code url}; from {@code url} when not given
 */
public record MonitoredService(@NotBlank String name, @NotBlank String url, String managementUrl,
                               List<String> instanceUrls) {

    @ConstructorBinding
    public MonitoredService {
        if (instanceUrls == null || instanceUrls.isEmpty()) {
            instanceUrls = url == null ? List.of() : Arrays.stream(url.split(",")).map(String::trim)
                    .filter(u -> !u.isEmpty()).map(MonitoredService::stripTrailingSlash).toList();
        } else {
            instanceUrls = instanceUrls.stream().map(MonitoredService::stripTrailingSlash).toList();
        }
        url = instanceUrls.isEmpty() ? url : instanceUrls.get(0);
        managementUrl = managementUrl == null || managementUrl.isBlank() ? url + "/actuator"
                : stripTrailingSlash(managementUrl);
    }

    public MonitoredService(String name, String url, String managementUrl) {
        this(name, url, managementUrl, null);
    }

    /** The actuator of one instance: the configured one for the first, {@code <url>/actuator} for the others. */
    public String managementUrlOf(String instanceUrl) {
        return instanceUrl.equals(url) ? managementUrl : instanceUrl + "/actuator";
    }

    public String actuator(String path) {
        return managementUrl + path;
    }

    private static String stripTrailingSlash(String value) {
        return value != null && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
