-- fastText model versions and the posting vectors each one produced (rank/fasttext_engine.h).
-- Written and read by the service role only (the embed task and the index build at serve
-- start); the API answers from the in-memory index, never from these tables.
CREATE TABLE model_versions (
  version_id  text        PRIMARY KEY CHECK (version_id <> ''),  -- embed/model_store.h's id
  dim         integer     NOT NULL CHECK (dim > 0),
  info        jsonb       NOT NULL DEFAULT '{}'::jsonb,          -- embed::ModelInfoToJson
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per (posting, model version): the unit-length title and description vectors.
-- content_hash is the posting's when it was embedded, so a posting whose content changed is
-- embedded again (postings.content_hash changes with it).
CREATE TABLE posting_vectors (
  posting_id          bigint      NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
  model_version       text        NOT NULL REFERENCES model_versions (version_id) ON DELETE CASCADE,
  content_hash        text        NOT NULL,
  title_vector        real[]      NOT NULL,
  description_vector  real[]      NOT NULL,
  embedded_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_version, posting_id),
  CHECK (cardinality(title_vector) = cardinality(description_vector))
);

CREATE INDEX posting_vectors_posting ON posting_vectors (posting_id);
