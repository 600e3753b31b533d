package com.luckydraw.order;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Tests start from empty tables: orders left by an earlier run would otherwise be swept, resent and answered in
 * this one. Only in the test sources (and allowed by {@code spring.flyway.clean-disabled=false} in the test config).
 */
@Component
class CleanTestDatabase implements FlywayMigrationStrategy {

    @Override
    public void migrate(Flyway flyway) {
        flyway.clean();
        flyway.migrate();
    }
}
