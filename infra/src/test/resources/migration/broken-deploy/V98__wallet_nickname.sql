-- Succeeds and commits on its own: the restore, not a rollback, has to take it away again.
ALTER TABLE wallet ADD COLUMN nickname text;
UPDATE wallet SET balance = 0;
