// Locates the ingest core tests' fixtures (src/jobrec/ingest/testdata/…) and the repository's
// data/ folder: through JOBREC_TEST_SOURCE_DIR when CTest sets it, else the source directory the
// test was compiled from (so a test binary also runs by hand).
#pragma once

#include <string>

namespace jobrec::ingest::testing {

// Absolute path of `relative` under src/jobrec/ingest/testdata/.
std::string FixturePath(const std::string& relative);
// Absolute path of `relative` under the repository root ("data/nyc/nyc-jobs.csv").
std::string RepoPath(const std::string& relative);
// The whole file; aborts the test binary when it cannot be read (a missing fixture is a bug
// in the test, not a test failure to report politely).
std::string ReadFixture(const std::string& relative);

}  // namespace jobrec::ingest::testing
