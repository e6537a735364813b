// Assembles a connector's Page from the results of mapping each provider item: postings go
// through FinalizePosting; a mapping error or a FinalizePosting failure becomes a Rejection
// located as "item 3 of page 2", so one bad item never spoils its page.
//
// Thread-safety: a PageBuilder is used by one FetchPage call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/ingest/connector.h"

namespace jobrec::ingest {

class PageBuilder {
 public:
  // `page_number` is 1-based and only used to locate rejections for a person.
  PageBuilder(std::string provider, int64_t page_number);

  // Adds the outcome of mapping the item at `index` (0-based) of the provider's page.
  void Add(size_t index, absl::StatusOr<Posting> posting);
  // Counts an item left out on purpose (older than the incremental bound); not a rejection.
  void Skip() { ++skipped_; }

  // The finished page; logs one "connector_page" line with the counts.
  Page Finish(nlohmann::json next_cursor, bool last);

 private:
  std::string provider_;
  int64_t page_number_;
  size_t skipped_ = 0;
  Page page_;
};

// InvalidArgument "missing <field>" when `value` is empty, else OK: for the fields without
// which an item cannot become a posting (id, title, url).
absl::Status RequireField(const std::string& value, const char* field);

// InvalidArgument when `item` is not a JSON object.
absl::Status RequireObject(const nlohmann::json& item);

}  // namespace jobrec::ingest
