#include "jobrec/embed/testing/scratch_dir.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>

namespace jobrec::embed::testing {

ScratchDir::ScratchDir(const std::string& name) {
  static std::atomic<int> counter{0};
  path_ =
      (std::filesystem::temp_directory_path() / ("jobrec-" + name + "-" + std::to_string(getpid()) +
                                                 "-" + std::to_string(counter.fetch_add(1))))
          .string();
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace jobrec::embed::testing
