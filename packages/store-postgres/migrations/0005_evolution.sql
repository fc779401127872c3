-- The version of the workflow's code that started each execution (see docs/evolution.md), and the
-- held executions by start, for listing them and trying them again when the code changes.
ALTER TABLE eventual_executions ADD COLUMN version TEXT;
CREATE INDEX eventual_executions_held ON eventual_executions (start_time, id) WHERE held IS NOT NULL;
