-- Full-text vectors in a table of their own (issue 4, bulk speed). Since 0012 the writer's
-- search indexer filled postings.search after a page committed, which rewrote every new
-- posting's wide row and all of its index entries a second time; a narrow row here is a cheap
-- insert. The writer queues each posting it inserts or changes in posting_search_pending, and
-- the indexer (store/posting_writer_search.h) turns the queue into vectors. A changed posting
-- keeps its old vector until then, rather than none.
CREATE TABLE posting_search (
  posting_id bigint   PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
  search     tsvector NOT NULL
);
DO $$
BEGIN
  ALTER TABLE posting_search ALTER COLUMN search SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END
$$;
CREATE INDEX posting_search_vector ON posting_search USING gin (search);
GRANT SELECT ON posting_search TO jobrec_api, jobrec_admin;

-- No foreign key: it would cost every write a lookup, and the indexer takes a queued id of a
-- deleted posting off the queue like any other (it has nothing to index).
CREATE TABLE posting_search_pending (
  posting_id bigint PRIMARY KEY
);

INSERT INTO posting_search (posting_id, search) SELECT id, search FROM postings WHERE search IS NOT NULL;
INSERT INTO posting_search_pending (posting_id) SELECT id FROM postings WHERE search IS NULL;
-- Drops its indexes postings_search and postings_search_pending too.
ALTER TABLE postings DROP COLUMN search;
