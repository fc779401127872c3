-- Events received from other services, by the service that published each and its id there: an
-- event pushed again (a retry after a lost answer, a sender restarted) is stored once.
CREATE TABLE eventual_received_events (
  source      TEXT COLLATE "C" NOT NULL,
  event_id    TEXT COLLATE "C" NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (source, event_id)
);
