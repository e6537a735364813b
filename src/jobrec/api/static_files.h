// Serves the built web app (web/dist) with history-API routing: a file when the path names
// one, index.html for any other page path, so the SPA's own router takes over in the browser.
//
// Cache policy: /assets/* (Vite's content-hashed names) "public, max-age=31536000, immutable";
// everything else, index.html included, "no-cache", so a new build is picked up at once.
// A missing file under /assets/ is a 404, not index.html (a script tag must not receive HTML).
//
// Safety: the path is decoded segment by segment; "..", ".", dot-files, empty segments and
// segments with '/' or '\' are refused, and the resolved file (after symlinks) must lie
// inside the root. When the root has no index.html every page answers 503 with a plain text
// saying how to build the app.
//
// Thread-safety: immutable after construction; Serve may be called concurrently. The root is
// resolved per request, so building the app while the server runs needs no restart.
#pragma once

#include <string>

#include "jobrec/api/request.h"
#include "jobrec/api/response.h"

namespace jobrec::api {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);

  // The response for a GET or HEAD of request.path (see above). Never fails: errors are
  // responses (404, 503, 500 when a file cannot be read).
  Response Serve(const Request& request) const;

 private:
  std::string root_;
};

// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string ContentTypeForFile(const std::string& file_name);

}  // namespace jobrec::api
