-- A heartbeat timer of an attempt with attempts left makes its activity claimable again this
-- many milliseconds after it fires, rather than settling it.
ALTER TABLE eventual_timers ADD COLUMN retry_after_ms INTEGER;
