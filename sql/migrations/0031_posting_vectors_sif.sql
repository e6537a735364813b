-- Posting vectors are now SIF-weighted averages with the common component removed
-- (src/jobrec/embed/sif_weighting.h, src/jobrec/rank/posting_vector.h) instead of plain means.
-- Stored vectors are keyed by model version only, so vectors of the old scheme would be mixed
-- with new profile vectors under the same version: drop them. The fastText service's warm-up
-- (and the embed.postings task) embeds every visible posting that lacks a vector again.
DELETE FROM posting_vectors;
