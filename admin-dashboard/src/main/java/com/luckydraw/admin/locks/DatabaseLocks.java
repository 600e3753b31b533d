package com.luckydraw.admin.locks;

import java.util.List;

/**
 * Lock activity in one service database.
 *
 * @param database         the service it belongs to
 * @param databaseName     the PostgreSQL database
 * @param sessions         client sessions connected to it
 * @param locksHeld        granted locks in it
 * @param waiting          sessions waiting for a lock, longest wait first
 * @param blockers         sessions that others wait for
 * @param seesAllActivity  whether our role may read other roles' activity (pg_read_all_stats, e.g. via
 *                         pg_monitor); without it their queries and timings are hidden by PostgreSQL
 * @param error            why the database could not be read, or null
 */
public record DatabaseLocks(String database, String databaseName, long sessions, long locksHeld,
                            List<LockWait> waiting, List<Blocker> blockers, boolean seesAllActivity, String error) {

    public static DatabaseLocks failed(String database, String error) {
        return new DatabaseLocks(database, null, 0, 0, List.of(), List.of(), false, error);
    }

    /** A session waiting for a lock: what it waits for, for how long, and who holds it up. */
    public record LockWait(int pid, String user, String application, String lockType, String mode,
                           String relation, Double waitingSeconds, String blockedBy, String query) {
    }

    /** A session holding a lock others wait for. */
    public record Blocker(int pid, String user, String application, String state, Double transactionSeconds,
                          String query) {
    }
}
