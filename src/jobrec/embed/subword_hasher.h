// fastText's character n-gram hashing, reimplemented so the sentence embedder can compute the
// vector of an out-of-vocabulary word from the input matrix alone, exactly as fastText 0.9.2's
// Dictionary::computeSubwords does.
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace jobrec::embed {

// How fastText maps a word to input-matrix rows.
struct SubwordParams {
  int minn = 0;
  int maxn = 0;  // 0: no subwords
  int bucket = 0;
  int32_t nwords = 0;  // n-gram bucket b is input row nwords + b
};

// fastText's 32-bit FNV-1a. Bytes are sign-extended before the xor (fastText hashes
// int8_t(c)), which matters for every non-ASCII byte.
uint32_t FastTextHash(std::string_view bytes);

// Appends the input rows of the character n-grams of "<" + word + ">": every substring of
// minn..maxn UTF-8 characters (a character never split), except the lone "<" and ">", in
// fastText's order. Appends nothing when maxn is 0, bucket is 0 or word is fastText's "</s>"
// (fastText gives the end-of-sentence token no n-grams). For models whose dictionary was
// pruned (quantised .ftz) the rows differ; the embedder does not accept those.
void AppendSubwordRows(std::string_view word, const SubwordParams& params,
                       std::vector<int32_t>* rows);

}  // namespace jobrec::embed
