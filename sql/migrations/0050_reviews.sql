-- A person's reviews of postings (issue #7): a score 1..10, a comment, "applied" and "not
-- interested". Reviewed postings leave every engine's recommendations; the feedback loop
-- (0051_feedback.sql) learns from the scores and comments.
--
-- Row-level security exactly like profiles (0020_accounts.sql): the API role sees and writes
-- the caller's rows only. The API goes through the SQL functions below.
CREATE TABLE reviews (
  user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  posting_id     bigint      NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  score          smallint    NULL CHECK (score BETWEEN 1 AND 10),
  comment        text        NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  applied        boolean     NOT NULL DEFAULT false,
  not_interested boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, posting_id),
  -- A review says something: a score, "not interested" or "applied".
  CONSTRAINT reviews_says_something CHECK (score IS NOT NULL OR not_interested OR applied)
);
-- The reviews page: newest first, keyset on (updated_at, posting_id).
CREATE INDEX reviews_user_updated ON reviews (user_id, updated_at DESC, posting_id DESC);
CREATE INDEX reviews_posting ON reviews (posting_id);
ALTER TABLE reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY reviews_self ON reviews TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON reviews TO jobrec_api;

-- Saves the caller's review of a visible posting (active, canonical, unexpired) and returns it;
-- no row when there is no such posting. created_at stays as first written.
CREATE FUNCTION review_put(target_posting bigint, new_score smallint, new_comment text,
                           new_applied boolean, new_not_interested boolean)
  RETURNS SETOF reviews
  LANGUAGE plpgsql AS $$
DECLARE
  uid bigint := jobrec_current_user_id();
BEGIN
  IF uid IS NULL THEN
    RAISE EXCEPTION 'no user in this transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM postings p WHERE p.id = target_posting AND p.status = 'active'
                 AND p.canonical_id IS NULL AND (p.expires_at IS NULL OR p.expires_at > now())) THEN
    RETURN;
  END IF;
  RETURN QUERY
  INSERT INTO reviews AS r (user_id, posting_id, score, comment, applied, not_interested)
  VALUES (uid, target_posting, new_score, new_comment, new_applied, new_not_interested)
  ON CONFLICT (user_id, posting_id) DO UPDATE
    SET score = EXCLUDED.score, comment = EXCLUDED.comment, applied = EXCLUDED.applied,
        not_interested = EXCLUDED.not_interested, updated_at = clock_timestamp()
  RETURNING r.*;
END
$$;

-- Deletes the caller's review of a posting; false when there was none.
CREATE FUNCTION review_delete(target_posting bigint) RETURNS boolean
  LANGUAGE sql AS $$
  WITH deleted AS (
    DELETE FROM reviews WHERE user_id = jobrec_current_user_id() AND posting_id = target_posting
    RETURNING 1)
  SELECT count(*) > 0 FROM deleted
$$;

-- The caller's reviews, most recently updated first, after the keyset position
-- (after_updated, after_posting) when given, at most max_rows.
CREATE FUNCTION reviews_list(after_updated timestamptz, after_posting bigint, max_rows integer)
  RETURNS SETOF reviews
  LANGUAGE sql STABLE AS $$
  SELECT * FROM reviews r
  WHERE r.user_id = jobrec_current_user_id()
    AND (after_updated IS NULL OR (r.updated_at, r.posting_id) < (after_updated, after_posting))
  ORDER BY r.updated_at DESC, r.posting_id DESC
  LIMIT max_rows
$$;

-- Every posting the caller reviewed: what recommendations leave out.
CREATE FUNCTION reviewed_posting_ids() RETURNS SETOF bigint
  LANGUAGE sql STABLE AS $$
  SELECT posting_id FROM reviews WHERE user_id = jobrec_current_user_id()
$$;

GRANT EXECUTE ON FUNCTION review_put(bigint, smallint, text, boolean, boolean),
  review_delete(bigint), reviews_list(timestamptz, bigint, integer), reviewed_posting_ids()
  TO jobrec_api;
