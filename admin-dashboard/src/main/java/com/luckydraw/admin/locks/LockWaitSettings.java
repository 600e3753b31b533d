package com.luckydraw.admin.locks;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The databases whose lock waits the dashboard shows, under {@code luckydraw.admin.lock-waits}. It connects as the
 * read-only {@code auditor} role (infra/db/setup.sql), never as a service's owner role.
 *
 * @param timeout connect and statement timeout: a locked-up database must not lock up the dashboard
 */
@Validated
@ConfigurationProperties("luckydraw.admin.lock-waits")
public record LockWaitSettings(String user, String password, List<@Valid Database> databases, Duration timeout) {

    public LockWaitSettings {
        user = user == null || user.isBlank() ? "auditor" : user;
        password = password == null ? "" : password;
        databases = databases == null ? List.of() : List.copyOf(databases);
        timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
    }

    /** @param name the owning service, shown as the heading; {@code url} a JDBC URL */
    public record Database(@NotBlank String name, @NotBlank String url) {
    }
}
