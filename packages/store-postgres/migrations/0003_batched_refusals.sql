-- Aborts the transaction with SQLSTATE `code` when `failed` names any element of a batch: a
-- statement that checks many writes at once reports which ones failed (1-based, in DETAIL), so
-- the commit runs again without all of them at once.
CREATE FUNCTION eventual_refuse(failed BIGINT[], code TEXT, message TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(failed) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message, DETAIL = array_to_string(failed, ',');
  END IF;
END
$$;
