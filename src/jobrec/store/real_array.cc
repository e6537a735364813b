#include "jobrec/store/real_array.h"

#include <cstdlib>

namespace jobrec::store::internal {

std::vector<float> ParseRealArray(const std::string& text) {
  std::vector<float> v;
  const char* p = text.c_str();
  if (*p == '{') ++p;
  while (*p != '\0' && *p != '}') {
    char* end = nullptr;
    v.push_back(std::strtof(p, &end));
    if (end == p) {
      v.pop_back();
      break;
    }
    p = *end == ',' ? end + 1 : end;
  }
  return v;
}

}  // namespace jobrec::store::internal
