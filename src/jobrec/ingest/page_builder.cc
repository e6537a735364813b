#include "jobrec/ingest/page_builder.h"

#include "absl/strings/str_cat.h"
#include "jobrec/common/log.h"
#include "jobrec/ingest/normalize_posting.h"

namespace jobrec::ingest {

PageBuilder::PageBuilder(std::string provider, int64_t page_number)
    : provider_(std::move(provider)), page_number_(page_number) {}

void PageBuilder::Add(size_t index, absl::StatusOr<Posting> posting) {
  absl::Status status = posting.status();
  if (posting.ok()) status = FinalizePosting(*posting);
  if (status.ok()) {
    page_.postings.push_back(*std::move(posting));
    return;
  }
  page_.rejected.push_back(
      Rejection{.where = absl::StrCat("item ", index + 1, " of page ", page_number_),
                .reason = std::string(status.message())});
}

Page PageBuilder::Finish(nlohmann::json next_cursor, bool last) {
  page_.next_cursor = std::move(next_cursor);
  page_.last = last;
  log::Info("connector_page", {{"provider", provider_},
                               {"page", page_number_},
                               {"postings", page_.postings.size()},
                               {"rejected", page_.rejected.size()},
                               {"skipped_as_old", skipped_},
                               {"last", last}});
  return std::move(page_);
}

absl::Status RequireField(const std::string& value, const char* field) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat("missing ", field));
  return absl::OkStatus();
}

absl::Status RequireObject(const nlohmann::json& item) {
  if (!item.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat("not a JSON object but ", item.type_name()));
  }
  return absl::OkStatus();
}

}  // namespace jobrec::ingest
