-- The version of the workflow's code that started each execution (see docs/evolution.md).
ALTER TABLE eventual_executions ADD COLUMN version TEXT;
