package com.luckydraw.admin.services;

import jakarta.validation.constraints.NotBlank;

/**
 * One service the dashboard watches.
 *
 * @param name          the name shown everywhere (and in Spring Boot Admin), e.g. {@code order-service}
 * @param url           base URL of its HTTP API, e.g. {@code http://127.0.0.1:8083}
 * @param managementUrl base URL of its actuator; empty means {@code url + "/actuator"}
 */
public record MonitoredService(@NotBlank String name, @NotBlank String url, String managementUrl) {

    public MonitoredService {
        url = stripTrailingSlash(url);
        managementUrl = managementUrl == null || managementUrl.isBlank() ? url + "/actuator"
                : stripTrailingSlash(managementUrl);
    }

    public String actuator(String path) {
        return managementUrl + path;
    }

    private static String stripTrailingSlash(String value) {
        return value != null && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
