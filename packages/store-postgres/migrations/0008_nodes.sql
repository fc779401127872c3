-- The nodes taking work from this database, each recording itself every few seconds (see
-- NodeRecord): those seen recently are up. A node that died without removing itself leaves its
-- row, deleted by age (seen_at) when another node records itself.
CREATE TABLE eventual_nodes (
  id         TEXT COLLATE "C" PRIMARY KEY,
  host       TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  seen_at    BIGINT NOT NULL
);
CREATE INDEX eventual_nodes_seen ON eventual_nodes (seen_at);
