-- Fails: the table does not exist.
INSERT INTO no_such_table (id) VALUES (1);
