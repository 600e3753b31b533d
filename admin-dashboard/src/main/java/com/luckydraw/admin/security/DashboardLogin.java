package com.luckydraw.admin.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The admin who may open the dashboard, under {@code luckydraw.admin.login}; application.yml reads
 * {@code DASHBOARD_USER} and {@code DASHBOARD_PASSWORD}; a missing or well-known password stops the start outside
 * the developer profile (common-web's WeakSecretsCheck).
 */
@Validated
@ConfigurationProperties("luckydraw.admin.login")
public record DashboardLogin(@NotBlank String user, @NotBlank String password) {
}
