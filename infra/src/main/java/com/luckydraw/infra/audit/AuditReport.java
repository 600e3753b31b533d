package com.luckydraw.infra.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What the audit checked, how many items each check covered, and every violation found. */
public final class AuditReport {

    private final List<String> checks = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<AuditCheck> violated = new ArrayList<>();

    void checked(String what, long items) {
        checks.add(String.format("%-72s %8d", what, items));
    }

    void violation(AuditCheck kind, String check, String detail) {
        violations.add(check + ": " + detail);
        violated.add(kind);
    }

    /** The checks that found at least one violation. */
    public Set<AuditCheck> violatedChecks() {
        return violated.stream().collect(Collectors.toUnmodifiableSet());
    }

    public boolean clean() {
        return violations.isEmpty();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void print(PrintStream out) {
        out.println("luckydraw audit");
        checks.forEach(c -> out.println("  checked " + c));
        if (violations.isEmpty()) {
            out.println("  no violations");
        } else {
            out.println("  " + violations.size() + " violation(s):");
            violations.forEach(v -> out.println("  VIOLATION " + v));
        }
    }
}
