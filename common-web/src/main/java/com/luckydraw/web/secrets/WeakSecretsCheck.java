package com.luckydraw.web.secrets;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses to start a service (or the dashboard) whose passwords are missing or well known, before anything connects
 * or listens (docs/security.md). The checked properties are {@code luckydraw.secrets.checked} (default: the
 * operators' login and the database password); a password is refused when it is blank, one of a short list that any
 * attacker tries first ({@code admin}, {@code password}, the luckydraw role names, ...) or equal to its own user
 * ({@code .user} or {@code .username} next to it). The developer profile ({@value #DEVELOPER_PROFILE}) lets them
 * through, for a developer's machine only.
 */
public final class WeakSecretsCheck implements EnvironmentPostProcessor, Ordered {

    public static final String DEVELOPER_PROFILE = "dev";
    static final String CHECKED = "luckydraw.secrets.checked";
    static final List<String> DEFAULT_CHECKED = List.of("luckydraw.web.admin.password", "spring.datasource.password");

    /** The passwords tried first: the old fallbacks, the luckydraw role names, and the usual suspects. */
    private static final Set<String> WELL_KNOWN = Set.of("admin", "password", "passwd", "secret", "changeme",
            "change-me", "changeit", "default", "guest", "root", "postgres", "test", "luckydraw", "letmein",
            "123456", "12345678", "qwerty", "wallet", "lottery", "orders", "order", "messaging", "auditor",
            "operator", "dashboard");

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9_]+)(:.*)?}$");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.matchesProfiles(DEVELOPER_PROFILE)) {
            return;
        }
        List<String> checked = Binder.get(environment).bind(CHECKED, Bindable.listOf(String.class))
                .orElse(DEFAULT_CHECKED);
        List<WeakSecretException.Finding> findings = new ArrayList<>();
        for (String property : checked) {
            if (!environment.containsProperty(property)) {
                continue;
            }
            String password = resolve(environment, property);
            String user = user(environment, property);
            String problem = problem(password, user);
            if (problem != null) {
                String placeholder = placeholderVariable(environment, property);
                String variable = placeholder != null ? placeholder
                        : property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
                if (placeholder != null && !environment.containsProperty(placeholder) && password != null
                        && !password.isBlank()) {
                    problem = "is not set (" + variable + " is unset, and the fallback is for the developer "
                            + "profile only)";
                }
                findings.add(new WeakSecretException.Finding(property, variable, problem));
            }
        }
        if (!findings.isEmpty()) {
            throw new WeakSecretException(findings);
        }
    }

    /** Why the password is refused, or null when it is not. */
    static String problem(String password, String user) {
        if (password == null || password.isBlank()) {
            return "is not set";
        }
        if (WELL_KNOWN.contains(password.trim().toLowerCase(Locale.ROOT))) {
            return "is a well-known password";
        }
        if (user != null && password.equalsIgnoreCase(user)) {
            return "is the same as its user name";
        }
        return null;
    }

    private static String resolve(ConfigurableEnvironment environment, String property) {
        try {
            return environment.getProperty(property);
        } catch (IllegalArgumentException unresolvable) {
            // ${SOME_PASSWORD} with no fallback and the variable unset: missing.
            return null;
        }
    }

    private static String user(ConfigurableEnvironment environment, String property) {
        int dot = property.lastIndexOf('.');
        String parent = dot < 0 ? "" : property.substring(0, dot + 1);
        for (String name : List.of(parent + "user", parent + "username")) {
            String user = resolve(environment, name);
            if (user != null && !user.isBlank()) {
                return user;
            }
        }
        return null;
    }

    /**
     * The environment variable the configuration reads the password from ({@code ${NAME:...}}), or null when it is
     * given directly (then the operator sets the property's own environment form).
     */
    private static String placeholderVariable(ConfigurableEnvironment environment, String property) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> && source.containsProperty(property)) {
                Object raw = source.getProperty(property);
                if (raw != null) {
                    Matcher matcher = PLACEHOLDER.matcher(raw.toString().trim());
                    if (matcher.matches()) {
                        return matcher.group(1);
                    }
                }
                break;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        // After the configuration files and their imports are read, and after anything else adds properties.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
