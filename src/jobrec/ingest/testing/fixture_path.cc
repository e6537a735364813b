#include "jobrec/ingest/testing/fixture_path.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace jobrec::ingest::testing {

std::string RepoPath(const std::string& relative) {
  const char* root = std::getenv("JOBREC_TEST_SOURCE_DIR");
  return std::string(root != nullptr && *root != '\0' ? root : JOBREC_INGEST_SOURCE_ROOT) + "/" +
         relative;
}

std::string FixturePath(const std::string& relative) {
  return RepoPath("src/jobrec/ingest/testdata/" + relative);
}

std::string ReadFixture(const std::string& relative) {
  const std::string path = FixturePath(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read fixture %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace jobrec::ingest::testing
