-- postings_dedupe_bands, a GIN index over every active posting's four SimHash bands, becomes a
-- btree index per band (issue 4, bulk speed). Inserting a posting into the GIN index rewrote the
-- posting lists of its four keys, ~15 us per posting; four btree entries cost ~7 (the server's
-- floor for storing a 100k import's rows: 46-52 us per row with the GIN index, 42-44 with these,
-- 35-36 with neither). Only a probe without a company looks every posting up by band
-- (store/posting_dedupe.cc), with an equality per band: ingest/dedupe.h tags each band with its
-- number, so two fingerprints share a band exactly when one position of their arrays is equal.
-- postings_dedupe_bands_companyless (GIN, 0062) stays: it holds company-less postings only.
DROP INDEX postings_dedupe_bands;
CREATE INDEX postings_dedupe_band1 ON postings ((simhash_bands[1])) WHERE status = 'active';
CREATE INDEX postings_dedupe_band2 ON postings ((simhash_bands[2])) WHERE status = 'active';
CREATE INDEX postings_dedupe_band3 ON postings ((simhash_bands[3])) WHERE status = 'active';
CREATE INDEX postings_dedupe_band4 ON postings ((simhash_bands[4])) WHERE status = 'active';
