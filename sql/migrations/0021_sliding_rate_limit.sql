-- Rate limits as sliding-window counters. The fixed windows of 0020 reset at every window
-- boundary, so a burst straddling one was allowed twice the limit (and the rate-limit test
-- failed whenever it ran across a multiple of 600 s). The estimate weighs the previous
-- window's hits by the share of it still inside the sliding window:
--   hits(current) + hits(previous) * (1 - elapsed fraction of the current window).
-- Returns 0 when the hit is allowed, else the seconds after which the estimate falls back
-- under the limit (at least 1; refused hits count too, as before).
CREATE OR REPLACE FUNCTION auth_rate_limit_hit(bucket_key text, window_length interval, max_hits integer)
  RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  epoch double precision := extract(epoch FROM now());
  len double precision := extract(epoch FROM window_length);
  start_epoch double precision := floor(epoch / len) * len;
  elapsed double precision := (epoch - start_epoch) / len;  -- 0 <= elapsed < 1
  count_now integer;
  count_before integer;
  wait_fraction double precision;
BEGIN
  INSERT INTO rate_limit_hits AS r (bucket, window_start, hits) VALUES (bucket_key, to_timestamp(start_epoch), 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + 1
  RETURNING hits INTO count_now;
  SELECT hits INTO count_before FROM rate_limit_hits
   WHERE bucket = bucket_key AND window_start = to_timestamp(start_epoch - len);
  count_before := coalesce(count_before, 0);
  IF random() < 0.01 THEN
    DELETE FROM rate_limit_hits WHERE window_start < now() - greatest(window_length * 2, interval '1 day');
  END IF;
  IF count_now + count_before * (1 - elapsed) <= max_hits THEN
    RETURN 0;
  END IF;
  IF count_now >= max_hits THEN
    -- This window alone is at the limit: wait for its end (the next answer says more if needed).
    wait_fraction := 1 - elapsed;
  ELSE
    -- Wait until the previous window's weighted share leaves room for one more hit.
    wait_fraction := (1 - (max_hits - count_now)::double precision / count_before) - elapsed;
  END IF;
  RETURN greatest(1, ceil(wait_fraction * len))::integer;
END
$$;
