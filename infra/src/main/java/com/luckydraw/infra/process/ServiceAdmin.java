package com.luckydraw.infra.process;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The operators' login to the services' {@code /admin/**} and actuator (HTTP Basic; docs/security.md). The launcher
 * hands it to the service processes as {@code SERVICE_ADMIN_USER} / {@code SERVICE_ADMIN_PASSWORD}, and the tools
 * that call them (demo, bench setup, tests) present the same.
 */
public record ServiceAdmin(String user, String password) {

    public ServiceAdmin {
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("the services' admin user and password must not be blank");
        }
    }

    /**
     * {@code SERVICE_ADMIN_USER} (default admin) / {@code SERVICE_ADMIN_PASSWORD}, the password from the environment
     * else the machine's generated one ({@link GeneratedSecrets}): there is no default password.
     */
    public static ServiceAdmin fromEnvironment() {
        return new ServiceAdmin(env("SERVICE_ADMIN_USER", "admin"), GeneratedSecrets.value("SERVICE_ADMIN_PASSWORD"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The value of an {@code Authorization} header. */
    public String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ServiceAdmin[user=" + user + ", password=(hidden)]";
    }
}
