-- Received events are forgotten by age, once no publisher still retries them.
CREATE INDEX eventual_received_events_age ON eventual_received_events (received_at);
