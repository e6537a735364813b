-- Job postings: shared data (not user-owned, no row-level security), written by the sync
-- pipeline (store/posting_writer.h) and read by the API as jobrec_api / jobrec_admin.
--
-- Visible = status 'active' AND canonical_id IS NULL (and not past expires_at): what the jobs
-- API lists and recommendations draw from. A duplicate of another posting (same job from
-- another board, a repost) keeps its row, linked to its cluster's canonical posting by
-- canonical_id, so the canonical posting can list every place the job was seen.
CREATE TABLE postings (
  id                  bigserial   PRIMARY KEY,
  provider            text        NOT NULL CHECK (provider <> ''),
  external_id         text        NOT NULL CHECK (external_id <> ''),
  source_id           bigint      REFERENCES sources (id) ON DELETE SET NULL,
  url                 text        NOT NULL DEFAULT '',
  title               text        NOT NULL CHECK (title <> ''),
  company             text        NOT NULL DEFAULT '',
  location_text       text        NOT NULL DEFAULT '',
  city                text        NOT NULL DEFAULT '',
  region              text        NOT NULL DEFAULT '',
  country             text        NOT NULL DEFAULT '',  -- ISO 3166-1 alpha-2 or ''
  remote              text        NOT NULL DEFAULT 'unknown'
                                  CHECK (remote IN ('unknown', 'onsite', 'hybrid', 'remote')),
  -- Salary as published (NULL period: no salary), and annualised for filtering
  -- (ingest/normalize_salary.h: month x12, week x52, day x260, hour x2080).
  salary_min          double precision,
  salary_max          double precision,
  salary_currency     text        NOT NULL DEFAULT '',
  salary_period       text        CHECK (salary_period IN ('year', 'month', 'week', 'day', 'hour')),
  salary_annual_min   double precision,
  salary_annual_max   double precision,
  employment_type     text        NOT NULL DEFAULT ''
                                  CHECK (employment_type IN ('', 'full_time', 'part_time', 'contract',
                                                             'temporary', 'internship')),
  description         text        NOT NULL DEFAULT '',  -- plain text
  posted_at           timestamptz,
  expires_at          timestamptz,
  first_seen_at       timestamptz NOT NULL DEFAULT now(),
  content_changed_at  timestamptz NOT NULL DEFAULT now(),  -- inserted, or content_hash changed
  -- The sort key of listings: when it was posted, else when we first saw it.
  listed_at           timestamptz GENERATED ALWAYS AS (coalesce(posted_at, first_seen_at)) STORED,
  status              text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired')),
  labels              jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- {"onet_soc": "15-2051.00", …}
  raw                 jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- the provider's item
  -- SHA-256 (hex) of the normalised content (everything above but dates of retrieval and raw):
  -- an unchanged posting is not rewritten by a sync.
  content_hash        text        NOT NULL CHECK (length(content_hash) = 64),
  -- Dedupe signature (ingest/dedupe.h): normalised key, SimHash and the guards' fields.
  dedupe_key          text        NOT NULL,
  simhash             bigint      NOT NULL,
  simhash_bands       integer[]   NOT NULL,
  url_canonical       text        NOT NULL DEFAULT '',
  title_norm          text        NOT NULL DEFAULT '',
  company_norm        text        NOT NULL DEFAULT '',
  seniority           text        NOT NULL DEFAULT '',
  city_norm           text        NOT NULL DEFAULT '',
  -- NULL: canonical (visible when active). Otherwise the canonical posting of its cluster.
  canonical_id        bigint      REFERENCES postings (id) ON DELETE SET NULL
                                  CHECK (canonical_id <> id),
  search              tsvector    GENERATED ALWAYS AS (
                        setweight(to_tsvector('english'::regconfig, title), 'A') ||
                        setweight(to_tsvector('english'::regconfig, company), 'B') ||
                        setweight(to_tsvector('english'::regconfig, description), 'D')) STORED,
  CONSTRAINT postings_provider_external_id UNIQUE (provider, external_id)
);

-- The large columns compress with lz4 where the server has it: several times faster to write
-- than the default pglz, which bulk imports feel.
DO $$
BEGIN
  ALTER TABLE postings ALTER COLUMN description SET COMPRESSION lz4,
                       ALTER COLUMN raw SET COMPRESSION lz4,
                       ALTER COLUMN search SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END
$$;

-- The read API: visible postings newest first (keyset on listed_at, id), and full-text q.
CREATE INDEX postings_visible ON postings (listed_at DESC, id DESC)
  WHERE status = 'active' AND canonical_id IS NULL;
CREATE INDEX postings_search ON postings USING gin (search);
-- Dedupe candidates among active postings (store/posting_dedupe.cc).
CREATE INDEX postings_dedupe_key ON postings (dedupe_key) WHERE status = 'active';
CREATE INDEX postings_dedupe_url ON postings (url_canonical) WHERE status = 'active' AND url_canonical <> '';
CREATE INDEX postings_dedupe_company ON postings (company_norm, id) WHERE status = 'active' AND company_norm <> '';
-- Without fastupdate: the writer searches this index for rows inserted moments before in the same
-- transaction, and a pending list would be scanned whole by every one of those searches.
CREATE INDEX postings_dedupe_bands ON postings USING gin (simhash_bands) WITH (fastupdate = off)
  WHERE status = 'active';
-- Cluster members of a canonical posting.
CREATE INDEX postings_canonical ON postings (canonical_id) WHERE canonical_id IS NOT NULL;
-- Expiry: by absence per source, and by date.
CREATE INDEX postings_source ON postings (source_id) WHERE status = 'active';
CREATE INDEX postings_expires ON postings (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;

GRANT SELECT ON postings TO jobrec_api, jobrec_admin;

-- When each posting was last delivered, for expiry by absence (full-sync sources): the last pass
-- that delivered it and how many complete passes of its source in a row did not. One row per
-- posting, apart from it because every sync rewrites these for every posting it sees, and
-- rewriting the wide posting row (and its many index entries) for an unchanged posting would
-- make re-syncs as slow as first imports. (No key to sync_runs: a key check per row would slow
-- bulk imports, and only the run in progress is ever compared.)
CREATE TABLE posting_sightings (
  posting_id    bigint      PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
  last_seen_run bigint,
  missed_syncs  integer     NOT NULL DEFAULT 0 CHECK (missed_syncs >= 0),
  retrieved_at  timestamptz NOT NULL DEFAULT now()
);
