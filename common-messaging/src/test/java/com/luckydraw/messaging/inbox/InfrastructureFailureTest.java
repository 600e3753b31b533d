package com.luckydraw.messaging.inbox;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the database's (retry the record) and which are the record's (dead-letter it). */
class InfrastructureFailureTest {

    @Test
    void aRollbackThatFailsOnAClosedConnectionIsTheDatabasesFailure() {
        // What a PostgreSQL restart mid-transaction looks like through Spring's TransactionTemplate.
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new IllegalStateException("the handler's own failure"));

        assertThat(ExactlyOnceProcessing.isInfrastructureFailure(rollbackFailed)).isTrue();
    }

    @Test
    void connectionAndShutdownSqlStatesAreTheDatabasesFailure() {
        assertThat(ExactlyOnceProcessing.isInfrastructureFailure(
                new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))))
                .isTrue();
        assertThat(ExactlyOnceProcessing.isInfrastructureFailure(
                new RuntimeException(new SQLException("An I/O error occurred while sending to the backend", "08006"))))
                .isTrue();
    }

    @Test
    void aConstraintViolationOrABugIsTheRecordsFailure() {
        assertThat(ExactlyOnceProcessing.isInfrastructureFailure(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(ExactlyOnceProcessing.isInfrastructureFailure(new IllegalArgumentException("shares must be > 0")))
                .isFalse();
    }
}
