-- The search indexer's queue (store/posting_writer_search.h) holds a row per written page — the
-- ids of the postings it inserted or changed — instead of a row per posting (issue 4, bulk
-- speed): a bulk import inserted, and the indexer then deleted, one keyed row per posting.
-- The indexer takes a row per transaction; a posting queued again while its row is being
-- indexed is simply in a later row.
CREATE TABLE posting_search_queue (
  batch       bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  posting_ids bigint[] NOT NULL
);
INSERT INTO posting_search_queue (posting_ids)
SELECT array_agg(posting_id ORDER BY posting_id) FROM posting_search_pending HAVING count(*) > 0;
DROP TABLE posting_search_pending;
