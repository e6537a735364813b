// Ranking-quality metrics with graded relevance, as `jobrec eval` reports them.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace jobrec::eval {

// Relevance grade of a posting for the query being evaluated (0 = not relevant).
using GradeOf = std::function<int(int64_t posting_id)>;

// nDCG@k with gain 2^grade - 1 and log2 discount; `ideal_grades` are the grades of every
// relevant posting in the candidate pool (any order). 0 when there is nothing relevant.
double NdcgAtK(const std::vector<int64_t>& ranking, const GradeOf& grade,
               std::vector<int> ideal_grades, size_t k);

// Share of the postings with grade >= min_grade found in the top k (0 when none exist).
double RecallAtK(const std::vector<int64_t>& ranking, const GradeOf& grade, size_t relevant_count,
                 size_t k, int min_grade);

// 1 / rank of the first posting with grade >= min_grade (0 when none is ranked).
double ReciprocalRank(const std::vector<int64_t>& ranking, const GradeOf& grade, int min_grade);

// Mean of the values; 0 for none.
double Mean(const std::vector<double>& values);

}  // namespace jobrec::eval
