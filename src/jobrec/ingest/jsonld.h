// schema.org JobPosting in JSON-LD: the structured data career pages embed for search engines
// (<script type="application/ld+json">). Extraction uses gumbo; each block may hold one
// object, an array, or an "@graph"; "@type" may be a string or an array; a JobPosting may
// also sit under "mainEntity" or "itemListElement". Mapped properties:
//   title (else name); hiringOrganization (Organization.name or a string); jobLocation (Place
//   or array of Places; the first with an address; PostalAddress addressLocality /
//   addressRegion / addressCountry (text or Country.name), or an address string);
//   jobLocationType "TELECOMMUTE" -> remote, with applicantLocationRequirements' country when
//   there is no jobLocation; baseSalary (MonetaryAmount: currency + value as a number or a
//   QuantitativeValue with value | minValue | maxValue and unitText); datePosted;
//   validThrough; employmentType (string or array); identifier (PropertyValue.value, text
//   or number) -> external_id, else the posting's url; description (HTML -> text); url (else
//   the page's url).
//
// Pure functions, thread-safe, never throw.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"

namespace jobrec::ingest {

// The text of every <script type="application/ld+json"> element, in document order.
std::vector<std::string> ExtractJsonLdScripts(const std::string& html);

// The JobPosting objects in one parsed JSON-LD value (object, array or @graph), in order.
std::vector<nlohmann::json> FindJobPostings(const nlohmann::json& value);

// Maps one JobPosting. `page_url` is used for relative and missing urls (and as the id of
// last resort). Errors: InvalidArgument with a reason (no title, no identifier or url, a
// property of the wrong type, an unparseable date or salary, or FinalizePosting's checks).
absl::StatusOr<Posting> PostingFromJobPosting(const nlohmann::json& job,
                                              const std::string& page_url,
                                              const std::string& provider);

struct JsonLdPage {
  std::vector<Posting> postings;
  std::vector<Rejection> rejected;  // where: "<page_url> block 2" / "<page_url> posting 3"
};

// Everything on one page: blocks that are not valid JSON and JobPostings that do not map are
// rejections; a page without any JobPosting yields neither.
JsonLdPage JobPostingsFromHtml(const std::string& html, const std::string& page_url,
                               const std::string& provider);

}  // namespace jobrec::ingest
