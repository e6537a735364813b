#include "jobrec/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jobrec::eval {

double NdcgAtK(const std::vector<int64_t>& ranking, const GradeOf& grade,
               std::vector<int> ideal_grades, size_t k) {
  auto gain = [](int g) { return std::pow(2.0, g) - 1.0; };
  double dcg = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    dcg += gain(grade(ranking[i])) / std::log2(i + 2.0);
  }
  std::sort(ideal_grades.begin(), ideal_grades.end(), std::greater<>());
  double ideal = 0;
  for (size_t i = 0; i < std::min(k, ideal_grades.size()); ++i) {
    ideal += gain(ideal_grades[i]) / std::log2(i + 2.0);
  }
  return ideal > 0 ? dcg / ideal : 0.0;
}

double RecallAtK(const std::vector<int64_t>& ranking, const GradeOf& grade, size_t relevant_count,
                 size_t k, int min_grade) {
  if (relevant_count == 0) return 0;
  size_t found = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    if (grade(ranking[i]) >= min_grade) ++found;
  }
  return static_cast<double>(found) / relevant_count;
}

double ReciprocalRank(const std::vector<int64_t>& ranking, const GradeOf& grade, int min_grade) {
  for (size_t i = 0; i < ranking.size(); ++i) {
    if (grade(ranking[i]) >= min_grade) return 1.0 / (i + 1);
  }
  return 0;
}

double Mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / values.size();
}

}  // namespace jobrec::eval
