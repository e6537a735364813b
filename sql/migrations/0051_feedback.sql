-- What the feedback loop learns from a person's reviews (issue #7, points 2 and 4), kept apart
-- from the profile they wrote so they can inspect it and undo it. Row-level security like
-- profiles (0020_accounts.sql); the API goes through the SQL functions below.

-- The learned part of the profile vector (rank/learned_profile.h): a Rocchio delta in the
-- fastText space of model_version, and the terms it pulls toward / pushes away from.
-- inputs says which reviews it was computed from (count and newest update), so a reader can
-- tell that it is stale; reset_at hides the reviews saved before a reset from the learning.
CREATE TABLE learned_profiles (
  user_id       bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  model_version text        NOT NULL DEFAULT '',
  vector        real[]      NOT NULL DEFAULT '{}',  -- empty: nothing learned
  terms_toward  jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(terms_toward) = 'array'),
  terms_away    jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(terms_away) = 'array'),
  reviews_used  integer     NOT NULL DEFAULT 0 CHECK (reviews_used >= 0),
  inputs        text        NOT NULL DEFAULT '',
  reset_at      timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE learned_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY learned_profiles_self ON learned_profiles TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT, INSERT, UPDATE ON learned_profiles TO jobrec_api;

-- Rules proposed from the reasons in a person's comments (feedback/comment_rules.h). One row
-- per kind: proposed until the person accepts or rejects it; removed when they delete an
-- accepted one. Rejected and removed rules are not proposed again.
CREATE TABLE feedback_rules (
  id         bigserial   PRIMARY KEY,
  user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text        NOT NULL CHECK (kind IN ('too_senior', 'too_junior', 'agency', 'too_far',
                                                  'needs_remote', 'low_salary')),
  state      text        NOT NULL DEFAULT 'proposed'
                         CHECK (state IN ('proposed', 'accepted', 'rejected', 'removed')),
  evidence   integer     NOT NULL DEFAULT 0 CHECK (evidence >= 0),  -- negative reviews giving the reason
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT feedback_rules_one_per_kind UNIQUE (user_id, kind)
);
ALTER TABLE feedback_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY feedback_rules_self ON feedback_rules TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT, INSERT, UPDATE ON feedback_rules TO jobrec_api;
GRANT USAGE ON SEQUENCE feedback_rules_id_seq TO jobrec_api;

-- ---------------------------------------------------------------------------------------------
-- Functions the API calls as jobrec_api (SECURITY INVOKER: row-level security applies).

CREATE FUNCTION learned_profile_get() RETURNS SETOF learned_profiles
  LANGUAGE sql STABLE AS $$
  SELECT * FROM learned_profiles WHERE user_id = jobrec_current_user_id()
$$;

-- What the learned part should be computed from now: "<count>:<newest update in µs>" of the
-- caller's scored or dismissed reviews saved after the last reset.
CREATE FUNCTION learned_profile_inputs() RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT count(*) || ':' || coalesce((extract(epoch FROM max(r.updated_at)) * 1000000)::bigint, 0)
  FROM reviews r
  LEFT JOIN learned_profiles l ON l.user_id = r.user_id
  WHERE r.user_id = jobrec_current_user_id() AND (r.score IS NOT NULL OR r.not_interested)
    AND (l.reset_at IS NULL OR r.updated_at > l.reset_at)
$$;

CREATE FUNCTION learned_profile_put(new_model_version text, new_vector real[], new_toward jsonb,
                                    new_away jsonb, new_reviews_used integer, new_inputs text)
  RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  uid bigint := jobrec_current_user_id();
BEGIN
  IF uid IS NULL THEN
    RAISE EXCEPTION 'no user in this transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO learned_profiles AS l (user_id, model_version, vector, terms_toward, terms_away,
                                     reviews_used, inputs)
  VALUES (uid, new_model_version, new_vector, new_toward, new_away, new_reviews_used, new_inputs)
  ON CONFLICT (user_id) DO UPDATE
    SET model_version = EXCLUDED.model_version, vector = EXCLUDED.vector,
        terms_toward = EXCLUDED.terms_toward, terms_away = EXCLUDED.terms_away,
        reviews_used = EXCLUDED.reviews_used, inputs = EXCLUDED.inputs, updated_at = now();
END
$$;

-- Forgets what was learned; the reviews stay, but only reviews saved from now on teach again.
CREATE FUNCTION learned_profile_reset() RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  uid bigint := jobrec_current_user_id();
BEGIN
  IF uid IS NULL THEN
    RAISE EXCEPTION 'no user in this transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO learned_profiles AS l (user_id, reset_at) VALUES (uid, clock_timestamp())
  ON CONFLICT (user_id) DO UPDATE
    SET model_version = '', vector = '{}', terms_toward = '[]', terms_away = '[]', reviews_used = 0,
        inputs = '', reset_at = clock_timestamp(), updated_at = now();
END
$$;

CREATE FUNCTION feedback_rules_list() RETURNS SETOF feedback_rules
  LANGUAGE sql STABLE AS $$
  SELECT * FROM feedback_rules WHERE user_id = jobrec_current_user_id() ORDER BY id
$$;

-- Records the evidence for a reason: proposes the rule when there is none of its kind yet,
-- otherwise updates the evidence only (a person's decision stays).
CREATE FUNCTION feedback_rule_propose(rule_kind text, rule_evidence integer) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  uid bigint := jobrec_current_user_id();
BEGIN
  IF uid IS NULL THEN
    RAISE EXCEPTION 'no user in this transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO feedback_rules AS f (user_id, kind, evidence) VALUES (uid, rule_kind, rule_evidence)
  ON CONFLICT (user_id, kind) DO UPDATE SET evidence = EXCLUDED.evidence
  WHERE f.evidence <> EXCLUDED.evidence;
END
$$;

-- Moves a rule of the caller from one of `from_states` to `new_state`; false when the caller
-- has no such rule in one of those states.
CREATE FUNCTION feedback_rule_decide(rule_id bigint, from_states text[], new_state text)
  RETURNS boolean
  LANGUAGE sql AS $$
  WITH changed AS (
    UPDATE feedback_rules SET state = new_state, updated_at = now()
    WHERE id = rule_id AND user_id = jobrec_current_user_id() AND state = ANY (from_states)
    RETURNING 1)
  SELECT count(*) > 0 FROM changed
$$;

GRANT EXECUTE ON FUNCTION learned_profile_get(), learned_profile_inputs(),
  learned_profile_put(text, real[], jsonb, jsonb, integer, text), learned_profile_reset(),
  feedback_rules_list(), feedback_rule_propose(text, integer),
  feedback_rule_decide(bigint, text[], text) TO jobrec_api;
