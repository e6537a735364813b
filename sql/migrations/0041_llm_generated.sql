-- What the LLM generates from a profile besides scores (issue #6 point 6): a few short postings
-- of the user's ideal job per profile version, whose embeddings the fastText engine folds into
-- the profile vector (rank/ideal_postings.h).
--
-- Who writes what:
--   * The llm.ideal_postings task (tasks/ideal_postings_task.h) writes as the owner role, naming
--     the user in every statement (a task has no signed-in caller), as the scoring-run task does.
--   * The API (as jobrec_api, the caller's id in jobrec.user_id) reads its own rows; row-level
--     security as on profiles (0020_accounts.sql).
CREATE TABLE ideal_postings (
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  profile_version integer     NOT NULL CHECK (profile_version >= 1),
  model           text        NOT NULL,
  prompt_version  text        NOT NULL,
  texts           jsonb       NOT NULL CHECK (jsonb_typeof(texts) = 'array'),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, profile_version)
);
ALTER TABLE ideal_postings ENABLE ROW LEVEL SECURITY;
CREATE POLICY ideal_postings_self ON ideal_postings TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT ON ideal_postings TO jobrec_api;
