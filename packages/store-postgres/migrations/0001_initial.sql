-- Executions, their history and their inbox. JSON columns hold values exactly as the engine
-- serialized them; NULL means "absent", the JSON text 'null' means null. Times the engine passes
-- in are epoch milliseconds (BIGINT); start_time and end_time are ISO strings, as on Execution.
--
-- Ids are COLLATE "C": listings and lock order follow code units, whatever the database's locale.
CREATE TABLE eventual_executions (
  id             TEXT COLLATE "C" PRIMARY KEY,
  name           TEXT NOT NULL,
  workflow_name  TEXT NOT NULL,
  status         TEXT NOT NULL,
  input          TEXT,
  result         TEXT,
  error          TEXT,
  held           TEXT,
  start_time     TEXT COLLATE "C" NOT NULL,
  end_time       TEXT,
  parent_id      TEXT,
  parent_seq     INTEGER,
  history_length INTEGER NOT NULL DEFAULT 0,
  lease_owner    TEXT,
  lease_until    BIGINT
);
CREATE INDEX eventual_executions_by_start ON eventual_executions (start_time, id);
CREATE INDEX eventual_executions_by_workflow ON eventual_executions (workflow_name, start_time, id);
CREATE INDEX eventual_executions_by_status ON eventual_executions (status, start_time, id);

CREATE TABLE eventual_history (
  execution_id TEXT COLLATE "C" NOT NULL,
  position     INTEGER NOT NULL,
  event        TEXT NOT NULL,
  PRIMARY KEY (execution_id, position)
);

-- Inbox ids come from a sequence: they increase in the order entries are written.
CREATE TABLE eventual_inbox (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  execution_id TEXT COLLATE "C" NOT NULL,
  event        TEXT NOT NULL
);
CREATE INDEX eventual_inbox_by_execution ON eventual_inbox (execution_id, id);

-- Keys already used in an execution's inbox, so a duplicate completion or signal is ignored.
CREATE TABLE eventual_inbox_keys (
  execution_id TEXT COLLATE "C" NOT NULL,
  key          TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (execution_id, key)
);

CREATE TABLE eventual_activities (
  execution_id   TEXT COLLATE "C" NOT NULL,
  seq            INTEGER NOT NULL,
  name           TEXT NOT NULL,
  args           TEXT NOT NULL,
  workflow_name  TEXT NOT NULL,
  policy         TEXT NOT NULL,
  attempt        INTEGER NOT NULL,
  scheduled_time BIGINT NOT NULL,
  available_at   BIGINT NOT NULL,
  waiting        BOOLEAN NOT NULL DEFAULT FALSE,
  lease_owner    TEXT,
  lease_until    BIGINT,
  PRIMARY KEY (execution_id, seq)
);
CREATE INDEX eventual_activities_ready ON eventual_activities (available_at, execution_id, seq)
  WHERE NOT waiting;

CREATE TABLE eventual_timers (
  id           TEXT COLLATE "C" PRIMARY KEY,
  execution_id TEXT COLLATE "C" NOT NULL,
  due_time     BIGINT NOT NULL,
  event        TEXT NOT NULL,
  key          TEXT COLLATE "C",
  activity_seq INTEGER
);
CREATE INDEX eventual_timers_by_due ON eventual_timers (due_time, id);
CREATE INDEX eventual_timers_by_execution ON eventual_timers (execution_id, activity_seq);

CREATE TABLE eventual_deliveries (
  id           TEXT COLLATE "C" PRIMARY KEY,
  subscription TEXT NOT NULL,
  event_name   TEXT NOT NULL,
  event        TEXT,
  attempt      INTEGER NOT NULL,
  available_at BIGINT NOT NULL,
  published_at BIGINT NOT NULL,
  last_error   TEXT,
  dead         BOOLEAN NOT NULL DEFAULT FALSE,
  execution_id TEXT COLLATE "C",
  lease_owner  TEXT,
  lease_until  BIGINT
);
CREATE INDEX eventual_deliveries_ready ON eventual_deliveries (available_at, id) WHERE NOT dead;
CREATE INDEX eventual_deliveries_dead ON eventual_deliveries (available_at, id) WHERE dead;

CREATE TABLE eventual_logs (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  execution_id TEXT COLLATE "C",
  source       TEXT NOT NULL,
  time         BIGINT NOT NULL,
  level        TEXT NOT NULL,
  message      TEXT NOT NULL
);
CREATE INDEX eventual_logs_by_execution ON eventual_logs (execution_id, id);

-- Aborts the transaction with SQLSTATE `code` unless `holds`. A commit sends all its statements
-- without waiting for answers; a failed guard, or a start whose execution exists, stops it here
-- and the commit runs again without that group or write.
CREATE FUNCTION eventual_require(holds BOOLEAN, code TEXT, message TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT holds THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message;
  END IF;
END
$$;
