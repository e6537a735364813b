-- The LLM engine's data: scoring runs, the scores themselves (the cache: never ask the same
-- question twice) and the daily spend per user (the budget).
--
-- Who writes what:
--   * The API (as jobrec_api, the caller's id in jobrec.user_id) creates, reads and cancels its
--     own runs and reads its own scores and spend through the SECURITY INVOKER functions below,
--     so row-level security applies to every statement a handler makes.
--   * Workers (tasks/scoring_run_task.h) write as the owner role, the role the worker's
--     connections log in as: a task has no signed-in caller to scope to, so its repository
--     (store/scoring_run_repo.h, store/llm_score_repo.h) names the run's user_id in every
--     statement instead. No SECURITY DEFINER function is needed for that, and none widens
--     what jobrec_api can do.
--   * Admins (as jobrec_admin, after the API checked users.is_admin) read every user's spend
--     through llm_spend_by_day() / llm_spend_by_user().

CREATE TABLE scoring_runs (
  id              bigserial   PRIMARY KEY,
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  engine          text        NOT NULL CHECK (engine IN ('llm', 'hybrid')),
  profile_version integer     NOT NULL CHECK (profile_version >= 1),
  requested_limit integer     NOT NULL CHECK (requested_limit BETWEEN 1 AND 500),
  state           text        NOT NULL DEFAULT 'queued'
                              CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled',
                                               'budget_exhausted')),
  total           integer     NOT NULL DEFAULT 0 CHECK (total >= 0),
  done            integer     NOT NULL DEFAULT 0 CHECK (done >= 0),
  failed          integer     NOT NULL DEFAULT 0 CHECK (failed >= 0),
  tokens_in       bigint      NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
  tokens_out      bigint      NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
  cost            double precision NOT NULL DEFAULT 0 CHECK (cost >= 0),  -- USD
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  CONSTRAINT scoring_runs_finished_at_iff_final
    CHECK ((state IN ('done', 'failed', 'cancelled', 'budget_exhausted')) = (finished_at IS NOT NULL))
);
CREATE INDEX scoring_runs_user ON scoring_runs (user_id, created_at DESC);
ALTER TABLE scoring_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY scoring_runs_self ON scoring_runs TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT ON scoring_runs TO jobrec_api;
GRANT INSERT (user_id, engine, profile_version, requested_limit) ON scoring_runs TO jobrec_api;
GRANT UPDATE (state, finished_at) ON scoring_runs TO jobrec_api;
GRANT USAGE ON SEQUENCE scoring_runs_id_seq TO jobrec_api;

-- One row per question asked: (user, posting, profile version, model, prompt version). A failed
-- scoring keeps its reason with a NULL score and is asked again by the next run; a scored one
-- is never asked again (the cache). prompt_fingerprint is llm::ScoringPrompt::cache_key, kept
-- to tell which exact prompt (calibration examples included) produced the score.
CREATE TABLE llm_scores (
  user_id            bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  posting_id         bigint      NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  profile_version    integer     NOT NULL,
  model              text        NOT NULL,
  prompt_version     text        NOT NULL,
  score              integer     CHECK (score BETWEEN 0 AND 10),
  justification      text        NOT NULL DEFAULT '',
  matched_skills     jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(matched_skills) = 'array'),
  missing_skills     jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(missing_skills) = 'array'),
  dealbreakers       jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(dealbreakers) = 'array'),
  failure            text,       -- why it has no score; NULL when scored
  prompt_fingerprint text        NOT NULL DEFAULT '',
  tokens_in          bigint      NOT NULL DEFAULT 0,
  tokens_out         bigint      NOT NULL DEFAULT 0,
  cost               double precision NOT NULL DEFAULT 0,
  run_id             bigint      REFERENCES scoring_runs (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, posting_id, profile_version, model, prompt_version),
  CONSTRAINT llm_scores_score_xor_failure CHECK ((score IS NULL) <> (failure IS NULL))
);
CREATE INDEX llm_scores_by_profile ON llm_scores (user_id, profile_version, model, prompt_version, score DESC);
ALTER TABLE llm_scores ENABLE ROW LEVEL SECURITY;
CREATE POLICY llm_scores_self ON llm_scores TO jobrec_api USING (user_id = jobrec_current_user_id());
GRANT SELECT ON llm_scores TO jobrec_api;

-- Spend per user and UTC day: what the per-user daily budget is checked against and what
-- GET /api/v1/admin/llm shows. Every call's cost is added here as it is settled.
CREATE TABLE llm_usage (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day        date   NOT NULL,
  tokens_in  bigint NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
  tokens_out bigint NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
  cost       double precision NOT NULL DEFAULT 0 CHECK (cost >= 0),  -- USD
  calls      integer NOT NULL DEFAULT 0 CHECK (calls >= 0),
  PRIMARY KEY (user_id, day)
);
CREATE INDEX llm_usage_day ON llm_usage (day);
ALTER TABLE llm_usage ENABLE ROW LEVEL SECURITY;
CREATE POLICY llm_usage_self ON llm_usage TO jobrec_api USING (user_id = jobrec_current_user_id());
CREATE POLICY llm_usage_admin ON llm_usage TO jobrec_admin USING (true);
GRANT SELECT ON llm_usage TO jobrec_api, jobrec_admin;

-- Today in UTC: the budget day.
CREATE FUNCTION llm_today() RETURNS date
  LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'UTC')::date $$;

-- ---------------------------------------------------------------------------------------------
-- Functions the API calls as jobrec_api (SECURITY INVOKER: row-level security applies).

-- A queued run for the caller's current profile version. NULL when the caller has no profile.
CREATE FUNCTION scoring_run_create(run_engine text, run_limit integer) RETURNS bigint
  LANGUAGE sql AS $$
  INSERT INTO scoring_runs (user_id, engine, profile_version, requested_limit)
  SELECT p.user_id, run_engine, p.version, run_limit FROM profiles p
  WHERE p.user_id = jobrec_current_user_id()
  RETURNING id
$$;

CREATE FUNCTION scoring_run_get(run_id bigint)
  RETURNS TABLE (id bigint, engine text, state text, total integer, done integer, failed integer,
                 tokens_in bigint, tokens_out bigint, cost double precision, error text,
                 created_at timestamptz, started_at timestamptz, finished_at timestamptz)
  LANGUAGE sql STABLE AS $$
  SELECT r.id, r.engine, r.state, r.total, r.done, r.failed, r.tokens_in, r.tokens_out, r.cost,
         r.error, r.created_at, r.started_at, r.finished_at
  FROM scoring_runs r WHERE r.id = run_id
$$;

-- Cancels the caller's run unless it already ended; returns its state afterwards, or no row
-- when the caller has no such run. The task sees the state between calls and stops.
CREATE FUNCTION scoring_run_cancel(run_id bigint) RETURNS TABLE (state text)
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE scoring_runs r SET state = 'cancelled', finished_at = now()
  WHERE r.id = run_id AND r.state IN ('queued', 'running');
  RETURN QUERY SELECT r.state FROM scoring_runs r WHERE r.id = run_id;
END
$$;

-- The caller's scores (and failures) for one profile version, model and prompt version.
CREATE FUNCTION llm_scores_for_profile(for_version integer, for_model text, for_prompt_version text)
  RETURNS TABLE (posting_id bigint, score integer, justification text, matched_skills jsonb,
                 missing_skills jsonb, dealbreakers jsonb, failure text, created_at timestamptz)
  LANGUAGE sql STABLE AS $$
  SELECT s.posting_id, s.score, s.justification, s.matched_skills, s.missing_skills,
         s.dealbreakers, s.failure, s.created_at
  FROM llm_scores s
  WHERE s.user_id = jobrec_current_user_id() AND s.profile_version = for_version
    AND s.model = for_model AND s.prompt_version = for_prompt_version
  ORDER BY s.score DESC NULLS LAST, s.posting_id
$$;

-- Functions admins call as jobrec_admin: spend per UTC day and per user over the last `days`.
CREATE FUNCTION llm_spend_by_day(days integer)
  RETURNS TABLE (day date, tokens bigint, cost double precision, calls bigint)
  LANGUAGE sql STABLE AS $$
  SELECT u.day, sum(u.tokens_in + u.tokens_out)::bigint, sum(u.cost), sum(u.calls)::bigint
  FROM llm_usage u WHERE u.day > llm_today() - days
  GROUP BY u.day ORDER BY u.day DESC
$$;

CREATE FUNCTION llm_spend_by_user(days integer)
  RETURNS TABLE (user_id bigint, email text, tokens bigint, cost double precision, calls bigint)
  LANGUAGE sql STABLE AS $$
  SELECT u.user_id, us.email, sum(u.tokens_in + u.tokens_out)::bigint, sum(u.cost),
         sum(u.calls)::bigint
  FROM llm_usage u JOIN users us ON us.id = u.user_id
  WHERE u.day > llm_today() - days
  GROUP BY u.user_id, us.email ORDER BY sum(u.cost) DESC, u.user_id
$$;

GRANT EXECUTE ON FUNCTION llm_today(), scoring_run_create(text, integer), scoring_run_get(bigint),
  scoring_run_cancel(bigint), llm_scores_for_profile(integer, text, text) TO jobrec_api;
GRANT EXECUTE ON FUNCTION llm_today(), llm_spend_by_day(integer), llm_spend_by_user(integer)
  TO jobrec_admin;
