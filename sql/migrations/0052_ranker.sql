-- The learned ranker's models (issue #7 point 3): one global model trained on everyone's
-- ratings and one per user, shrunk toward it (feedback/ranker.h). Written by the task
-- feedback.train_ranker as the service role; the API reads them to re-rank recommendations
-- and to show the weights on the insights page.
--
-- A model's features include cosines of one fastText model version, so each row names the
-- version it was trained with; a model of another version is not used.
CREATE TABLE ranker_global_model (
  id            boolean     PRIMARY KEY DEFAULT true CHECK (id),  -- one row
  model_version text        NOT NULL,
  model         jsonb       NOT NULL,  -- feedback::RankerModelToJson
  ratings_used  integer     NOT NULL CHECK (ratings_used >= 0),
  trained_at    timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON ranker_global_model TO jobrec_api;

-- Row-level security exactly like profiles (0020_accounts.sql): the API role reads the
-- caller's row only.
CREATE TABLE ranker_user_models (
  user_id       bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  model_version text        NOT NULL,
  model         jsonb       NOT NULL,
  ratings_used  integer     NOT NULL CHECK (ratings_used >= 0),
  trained_at    timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE ranker_user_models ENABLE ROW LEVEL SECURITY;
CREATE POLICY ranker_user_models_self ON ranker_user_models TO jobrec_api
  USING (user_id = jobrec_current_user_id());
GRANT SELECT ON ranker_user_models TO jobrec_api;
