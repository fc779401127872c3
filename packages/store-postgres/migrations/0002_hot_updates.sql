-- Every workflow step updates its execution's row. Room left on each page lets PostgreSQL update
-- it in place (a HOT update) instead of adding an entry to each of the table's indexes.
ALTER TABLE eventual_executions SET (fillfactor = 70);
ALTER TABLE eventual_activities SET (fillfactor = 80);
