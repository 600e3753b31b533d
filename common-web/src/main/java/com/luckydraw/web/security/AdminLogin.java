package com.luckydraw.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator who may call a service's {@code /admin/**} and its actuator beyond health and info, under
 * {@code luckydraw.web.admin}; each service's application.yml reads {@code SERVICE_ADMIN_USER} and
 * {@code SERVICE_ADMIN_PASSWORD} (admin/admin when unset, for a developer's machine only). Blank is refused: a
 * service must not start with a login nobody can use, or one anybody can.
 */
@ConfigurationProperties("luckydraw.web.admin")
public record AdminLogin(String user, String password) {

    public AdminLogin {
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("luckydraw.web.admin.user and .password (SERVICE_ADMIN_USER, "
                    + "SERVICE_ADMIN_PASSWORD) must both be set and not blank");
        }
    }

    @Override
    public String toString() {
        return "AdminLogin[user=" + user + ", password=(hidden)]";
    }
}
