package com.luckydraw.web.secrets;

import java.util.List;
import java.util.stream.Collectors;

/** A service refused to start because of missing or well-known passwords; says which, and what to set. */
public final class WeakSecretException extends IllegalStateException {

    private final List<Finding> findings;

    WeakSecretException(List<Finding> findings) {
        super(describe(findings));
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }

    /** What to do about it: one line per password, then the developer's way out. */
    String action() {
        return findings.stream().map(f -> "Set " + f.variable() + " to a password of your own")
                .collect(Collectors.joining("\n")) + "\n(infra/bin/secrets generates them into "
                + "$LUCKYDRAW_HOME/run/secrets.env, which the services read), or on a developer's machine only run "
                + "with the developer profile: SPRING_PROFILES_ACTIVE=" + WeakSecretsCheck.DEVELOPER_PROFILE + ".";
    }

    private static String describe(List<Finding> findings) {
        return "refusing to start with a missing or well-known password: " + findings.stream()
                .map(f -> f.property() + " " + f.problem() + " (set " + f.variable() + ")")
                .collect(Collectors.joining("; ")) + "; or run with the developer profile (SPRING_PROFILES_ACTIVE="
                + WeakSecretsCheck.DEVELOPER_PROFILE + ") on a developer's machine only";
    }

    /** One refused password: its property, the environment variable that sets it, and why it is refused. */
    public record Finding(String property, String variable, String problem) {
    }
}
