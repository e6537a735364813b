// libFuzzer target: the CSV source (libcsv, record/line tracking, mapping, paging) on
// arbitrary records below a fixed header, read from an in-memory file.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "jobrec/ingest/csv_source.h"
#include "jobrec/ingest/fuzz/fuzz_check.h"

namespace {

jobrec::ingest::CsvColumnMapping Mapping() {
  jobrec::ingest::CsvColumnMapping m;
  m.provider = "fuzz";
  m.external_id = {"id"};
  m.title = "title";
  m.company = "company";
  m.description = {{"description", ""}, {"notes", "Notes"}};
  m.location = "location";
  m.salary_min = "salary_min";
  m.salary_max = "salary_max";
  m.salary_period = "period";
  m.salary_text = "salary";
  m.posted_at = "posted";
  m.employment_type = "type";
  m.url_template = "https://x.example/{id}";
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobrec::ingest;
  const int fd = memfd_create("csv_fuzz", 0);
  if (fd < 0) return 0;
  const std::string header =
      "id,title,company,description,notes,location,salary_min,salary_max,period,salary,"
      "posted,type\n";
  const bool written =
      write(fd, header.data(), header.size()) == static_cast<ssize_t>(header.size()) &&
      write(fd, data, size) == static_cast<ssize_t>(size);
  if (written) {
    auto source = CsvSource::Open({.path = "/proc/self/fd/" + std::to_string(fd),
                                   .mapping = Mapping(),
                                   .page_size = 3,
                                   .max_record_bytes = 4096,
                                   .max_record_lines = 50});
    fuzz::Check(source.ok(), "a file with a valid header opens");
    nlohmann::json cursor;
    for (int pages = 0; pages < 10000; ++pages) {
      auto page = (*source)->FetchPage(cursor);
      if (!page.ok()) break;
      for (const Posting& p : page->postings) {
        fuzz::Check(!p.external_id.empty() && !p.title.empty(), "postings are complete");
        fuzz::CheckCleanText(p.description);
      }
      for (const Rejection& r : page->rejected) {
        fuzz::Check(r.where.rfind("line ", 0) == 0 && !r.reason.empty(),
                    "rejections say where and why");
      }
      fuzz::Check(page->next_cursor != cursor || page->last, "every page makes progress");
      cursor = page->next_cursor;
      if (page->last) break;
    }
  }
  close(fd);
  return 0;
}
