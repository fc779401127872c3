-- Every execution gets an integer key in the order it was created, and its history and its
-- activities are keyed by that rather than by its id. Ids sort by the names users give, so the
-- executions running at once are spread over the whole id order: keyed by id, a commit of many
-- steps wrote one page of each table per execution. Keyed by creation, the executions running
-- now sit together at the end, and a commit writes a few pages whatever their names.
-- Executions are never deleted, so a key is never given twice.
CREATE TABLE eventual_executions_keyed (
  key            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  workflow_name  TEXT NOT NULL,
  status         TEXT NOT NULL,
  input          TEXT,
  result         TEXT,
  error          TEXT,
  held           TEXT,
  start_time     TEXT NOT NULL,
  end_time       TEXT,
  parent_id      TEXT,
  parent_seq     INTEGER,
  history_length INTEGER NOT NULL DEFAULT 0,
  lease_owner    TEXT,
  lease_until    INTEGER,
  version        TEXT
) STRICT;
INSERT INTO eventual_executions_keyed (key, id, name, workflow_name, status, input, result, error,
    held, start_time, end_time, parent_id, parent_seq, history_length, lease_owner, lease_until,
    version)
  SELECT rowid, id, name, workflow_name, status, input, result, error, held, start_time, end_time,
    parent_id, parent_seq, history_length, lease_owner, lease_until, version
  FROM eventual_executions ORDER BY rowid;

CREATE TABLE eventual_history_keyed (
  execution_key INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  event         TEXT NOT NULL,
  PRIMARY KEY (execution_key, position)
) STRICT, WITHOUT ROWID;
INSERT INTO eventual_history_keyed (execution_key, position, event)
  SELECT e.key, h.position, h.event
  FROM eventual_history h JOIN eventual_executions_keyed e ON e.id = h.execution_id;

-- The id stays beside the key: a claimed activity names its execution.
CREATE TABLE eventual_activities_keyed (
  execution_key  INTEGER NOT NULL,
  seq            INTEGER NOT NULL,
  execution_id   TEXT NOT NULL,
  name           TEXT NOT NULL,
  args           TEXT NOT NULL,
  workflow_name  TEXT NOT NULL,
  policy         TEXT NOT NULL,
  attempt        INTEGER NOT NULL,
  scheduled_time INTEGER NOT NULL,
  available_at   INTEGER NOT NULL,
  waiting        INTEGER NOT NULL DEFAULT 0,
  lease_owner    TEXT,
  lease_until    INTEGER,
  PRIMARY KEY (execution_key, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO eventual_activities_keyed (execution_key, seq, execution_id, name, args, workflow_name,
    policy, attempt, scheduled_time, available_at, waiting, lease_owner, lease_until)
  SELECT e.key, a.seq, a.execution_id, a.name, a.args, a.workflow_name, a.policy, a.attempt,
    a.scheduled_time, a.available_at, a.waiting, a.lease_owner, a.lease_until
  FROM eventual_activities a JOIN eventual_executions_keyed e ON e.id = a.execution_id;

DROP TABLE eventual_history;
DROP TABLE eventual_activities;
DROP TABLE eventual_executions;
ALTER TABLE eventual_executions_keyed RENAME TO eventual_executions;
ALTER TABLE eventual_history_keyed RENAME TO eventual_history;
ALTER TABLE eventual_activities_keyed RENAME TO eventual_activities;
CREATE INDEX eventual_executions_by_start ON eventual_executions (start_time, id);
CREATE INDEX eventual_executions_by_workflow ON eventual_executions (workflow_name, start_time, id);
CREATE INDEX eventual_executions_by_status ON eventual_executions (status, start_time, id);
CREATE INDEX eventual_activities_ready ON eventual_activities (available_at) WHERE waiting = 0;
