package com.luckydraw.infra.migration;

import org.flywaydb.core.api.MigrationInfo;

import java.util.Arrays;
import java.util.List;

/** The dry run: what a deploy would apply, in order, without changing anything. */
public final class PendingMigrations {

    /** One migration not applied yet. */
    public record Pending(String version, String description, String script) {
    }

    /** The current schema version ("none" on an empty database) and what would follow it. */
    public record Plan(String currentVersion, List<Pending> pending) {
    }

    public Plan plan(MigrationTarget target) {
        var info = ServiceFlyway.beforeDeploy(target).info();
        MigrationInfo current = info.current();
        List<Pending> pending = Arrays.stream(info.pending())
                .map(m -> new Pending(m.getVersion() == null ? "repeatable" : m.getVersion().getVersion(),
                        m.getDescription(), m.getScript()))
                .toList();
        return new Plan(current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion(),
                pending);
    }
}
