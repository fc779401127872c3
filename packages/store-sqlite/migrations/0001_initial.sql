-- Executions, their history and their inbox. JSON columns hold values exactly as the engine
-- serialized them; NULL means "absent", the JSON text 'null' means null.
CREATE TABLE eventual_executions (
  id             TEXT PRIMARY KEY,
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
  lease_until    INTEGER
) STRICT;
CREATE INDEX eventual_executions_by_start ON eventual_executions (start_time, id);
CREATE INDEX eventual_executions_by_workflow ON eventual_executions (workflow_name, start_time, id);
CREATE INDEX eventual_executions_by_status ON eventual_executions (status, start_time, id);

CREATE TABLE eventual_history (
  execution_id TEXT NOT NULL,
  position     INTEGER NOT NULL,
  event        TEXT NOT NULL,
  PRIMARY KEY (execution_id, position)
) STRICT, WITHOUT ROWID;

-- AUTOINCREMENT: inbox ids must keep increasing in commit order, even after rows are deleted.
CREATE TABLE eventual_inbox (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  execution_id TEXT NOT NULL,
  event        TEXT NOT NULL
) STRICT;
CREATE INDEX eventual_inbox_by_execution ON eventual_inbox (execution_id, id);

-- Keys already used in an execution's inbox, so a duplicate completion or signal is ignored.
CREATE TABLE eventual_inbox_keys (
  execution_id TEXT NOT NULL,
  key          TEXT NOT NULL,
  PRIMARY KEY (execution_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE eventual_activities (
  execution_id   TEXT NOT NULL,
  seq            INTEGER NOT NULL,
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
  PRIMARY KEY (execution_id, seq)
) STRICT;
CREATE INDEX eventual_activities_ready ON eventual_activities (available_at) WHERE waiting = 0;

CREATE TABLE eventual_timers (
  id           TEXT PRIMARY KEY,
  execution_id TEXT NOT NULL,
  due_time     INTEGER NOT NULL,
  event        TEXT NOT NULL,
  key          TEXT,
  activity_seq INTEGER
) STRICT;
CREATE INDEX eventual_timers_by_due ON eventual_timers (due_time);
CREATE INDEX eventual_timers_by_execution ON eventual_timers (execution_id);

CREATE TABLE eventual_deliveries (
  id           TEXT PRIMARY KEY,
  subscription TEXT NOT NULL,
  event_name   TEXT NOT NULL,
  event        TEXT,
  attempt      INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  published_at INTEGER NOT NULL,
  last_error   TEXT,
  dead         INTEGER NOT NULL DEFAULT 0,
  execution_id TEXT,
  lease_owner  TEXT,
  lease_until  INTEGER
) STRICT;
CREATE INDEX eventual_deliveries_ready ON eventual_deliveries (available_at) WHERE dead = 0;

CREATE TABLE eventual_logs (
  id           INTEGER PRIMARY KEY,
  execution_id TEXT,
  source       TEXT NOT NULL,
  time         INTEGER NOT NULL,
  level        TEXT NOT NULL,
  message      TEXT NOT NULL
) STRICT;
CREATE INDEX eventual_logs_by_execution ON eventual_logs (execution_id, id);
