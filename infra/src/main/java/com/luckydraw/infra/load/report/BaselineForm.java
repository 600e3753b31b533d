package com.luckydraw.infra.load.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * The row-lock baselines, each the strongest of its kind, run by {@code infra/bin/bench baseline} on the same data
 * (infra/bench/*.sql) and written as {@code baseline-<name>.json}. In the order of the report, weakest first.
 */
public enum BaselineForm {

    /** infra/bench/purchase.sql: one statement per step, the round row locked across nine round trips. */
    SCRIPT("script", "the project's pgbench script"),
    /** infra/bench/purchase-fewer-trips.sql: the same transaction in four round trips. */
    FEWER_TRIPS("fewer-trips", "the same transaction, fewer round trips"),
    /**
     * infra/bench/purchase-function.sql: the seed's form, the whole purchase in one server-side function call, the
     * row locked only for the server's own work. The strongest row-lock form of a complete purchase: the targets are
     * measured against it.
     */
    FUNCTION("function", "seed-style single function call"),
    /** infra/bench/purchase-update.sql: the bare conditional UPDATE of the hot row, the ceiling of any row lock. */
    UPDATE("update", "bare hot-row conditional UPDATE");

    /** The form the throughput target is a multiple of. */
    public static final BaselineForm REFERENCE = FUNCTION;

    private final String key;
    private final String description;

    BaselineForm(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The name in file names, JSON and {@code BENCH_BASELINE_FORMS}. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public static Optional<BaselineForm> of(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
