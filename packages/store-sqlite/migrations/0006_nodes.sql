-- The nodes taking work from this database, each recording itself every few seconds (see
-- NodeRecord): those seen recently are up. A node that died without removing itself leaves its
-- row, deleted by age (seen_at) when another node records itself.
CREATE TABLE eventual_nodes (
  id         TEXT PRIMARY KEY,
  host       TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  seen_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX eventual_nodes_seen ON eventual_nodes (seen_at);
