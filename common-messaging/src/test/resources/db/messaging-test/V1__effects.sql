-- The effect the tests' consumer has: one row per applied message, counting applications.
CREATE TABLE test_effect (
    message_id   uuid PRIMARY KEY,
    applications integer NOT NULL
);
