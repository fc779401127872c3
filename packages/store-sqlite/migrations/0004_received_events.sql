-- Events received from other services, by the service that published each and its id there: an
-- event pushed again (a retry after a lost answer, a sender restarted) is stored once.
CREATE TABLE eventual_received_events (
  source      TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (source, event_id)
) STRICT, WITHOUT ROWID;
