// Test helpers: raw HTTP over a socket (for requests a client library would normalise, such as
// "/../" paths or chunked bodies) and a temporary directory.
#pragma once

#include <string>

namespace jobrec::api::testing {

// Sends `request` verbatim to 127.0.0.1:port and returns everything the server writes until
// it closes the connection (send "Connection: close"). "" when the connection fails.
std::string RawHttp(int port, const std::string& request);

// The status code of a raw response ("HTTP/1.1 404 Not Found..." → 404), -1 if unparsable.
int StatusOf(const std::string& raw_response);

// The body of a raw response (after the blank line).
std::string BodyOf(const std::string& raw_response);

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  // Writes `content` to path()/relative, creating parent directories.
  void Write(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace jobrec::api::testing
