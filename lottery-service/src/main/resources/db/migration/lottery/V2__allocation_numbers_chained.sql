-- The lucky numbers of a round form one chain: the allocation that starts at 10000001, then each one starting right
-- after the end of another. Three btree-backed rules say so, and together they make a number given twice, or skipped,
-- impossible whatever the code does:
--   * no two allocations of a round start at the same number (allocation_first_number, from V1),
--   * no two end at the same number (allocation_last_number),
--   * every allocation but the first starts right after the end of one (allocation_numbers_chained).
-- Following the predecessors from any allocation reaches the one at 10000001; each allocation has at most one
-- successor; so the allocations of a round are consecutive, disjoint ranges.
--
-- This replaces V1's exclusion constraint (GiST over int8range), which said "disjoint" only and cost about four times
-- as much per inserted allocation, growing with the round: it was most of the hot round's allocation insert
-- (docs/benchmarks.md, "Where the time goes").
ALTER TABLE allocation
    ADD COLUMN follows_number bigint
        GENERATED ALWAYS AS (CASE WHEN first_number = 10000001 THEN NULL ELSE first_number - 1 END) STORED,
    ADD CONSTRAINT allocation_last_number UNIQUE (round_id, last_number);

ALTER TABLE allocation
    ADD CONSTRAINT allocation_numbers_chained
        FOREIGN KEY (round_id, follows_number) REFERENCES allocation (round_id, last_number);

ALTER TABLE allocation DROP CONSTRAINT allocation_numbers_disjoint;
