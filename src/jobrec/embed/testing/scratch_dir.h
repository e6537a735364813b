// Test helper: a fresh, empty directory under the system temp directory, removed when the
// object goes away.
#pragma once

#include <string>

namespace jobrec::embed::testing {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace jobrec::embed::testing
