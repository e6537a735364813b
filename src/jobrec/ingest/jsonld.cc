#include "jobrec/ingest/jsonld.h"

#include <cctype>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jobrec/ingest/html_parse.h"
#include "jobrec/ingest/html_text.h"
#include "jobrec/ingest/normalize_date.h"
#include "jobrec/ingest/normalize_employment.h"
#include "jobrec/ingest/normalize_location.h"
#include "jobrec/ingest/normalize_posting.h"
#include "jobrec/ingest/normalize_remote.h"
#include "jobrec/ingest/normalize_salary.h"
#include "jobrec/ingest/normalize_text.h"
#include "jobrec/ingest/posting_json.h"

namespace jobrec::ingest {
namespace {

using Json = nlohmann::json;

// Blocks and items past these counts are ignored: real pages have a handful.
constexpr size_t kMaxScripts = 100;
constexpr size_t kMaxPostingsPerPage = 1000;

bool IsJsonLdType(const char* type) {
  std::string t;
  for (const char* c = type; *c != '\0'; ++c) {
    if (!std::isspace(static_cast<unsigned char>(*c))) {
      t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*c))));
    }
  }
  // "application/ld+json", possibly with parameters ("; charset=utf-8").
  return t.rfind("application/ld+json", 0) == 0;
}

bool HasType(const Json& item, const char* type) {
  const auto it = item.find("@type");
  if (it == item.end()) return false;
  const auto is = [&](const Json& v) {
    if (!v.is_string()) return false;
    std::string s = v.get<std::string>();
    // "JobPosting", "schema:JobPosting", "http://schema.org/JobPosting".
    const size_t cut = s.find_last_of("/:");
    if (cut != std::string::npos) s = s.substr(cut + 1);
    return s == type;
  };
  if (it->is_array()) {
    for (const Json& v : *it) {
      if (is(v)) return true;
    }
    return false;
  }
  return is(*it);
}

// A schema.org "Text or Thing" property: the text, or the thing's name.
std::string TextOrName(const Json* value) {
  if (value == nullptr) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return std::to_string(value->get<int64_t>());
  if (value->is_object()) return TextOrName(value->contains("name") ? &(*value)["name"] : nullptr);
  if (value->is_array() && !value->empty()) return TextOrName(&(*value)[0]);
  return "";
}

const Json* Get(const Json& item, const char* key) {
  const auto it = item.find(key);
  return it == item.end() || it->is_null() ? nullptr : &*it;
}

absl::Status WrongType(const std::string& key, const char* want) {
  return common::InvalidField(key, absl::StrCat("is not ", want));
}

absl::StatusOr<Location> LocationOf(const Json& job) {
  const Json* loc = Get(job, "jobLocation");
  if (loc == nullptr) return Location{};
  const Json* place = loc;
  if (loc->is_array()) {
    place = nullptr;
    for (const Json& p : *loc) {
      if (p.is_object() && p.contains("address")) {
        place = &p;
        break;
      }
    }
    if (place == nullptr) return Location{};
  }
  if (place->is_string()) return ParseLocation(place->get<std::string>());
  if (!place->is_object()) return WrongType("jobLocation", "a Place");
  const Json* address = Get(*place, "address");
  if (address == nullptr) return ParseLocation(TextOrName(place));
  if (address->is_string()) return ParseLocation(address->get<std::string>());
  if (!address->is_object()) return WrongType("jobLocation.address", "a PostalAddress");
  return MakeLocation(TextOrName(Get(*address, "addressLocality")),
                      TextOrName(Get(*address, "addressRegion")),
                      TextOrName(Get(*address, "addressCountry")));
}

std::optional<double> Number(const Json* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) return v->get<double>();
  if (v->is_string()) {
    const std::string s = v->get<std::string>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size()) return d;
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<Salary>> SalaryOf(const Json& job) {
  const Json* base = Get(job, "baseSalary");
  if (base == nullptr) return std::optional<Salary>();
  if (base->is_string()) {
    auto parsed = ParseSalaryText(base->get<std::string>());
    return parsed.ok() ? std::optional<Salary>(*parsed) : std::nullopt;
  }
  if (base->is_number()) return MakeSalary(base->get<double>(), base->get<double>(), "", "");
  if (!base->is_object()) return WrongType("baseSalary", "a MonetaryAmount");
  const std::string currency = TextOrName(Get(*base, "currency"));
  const Json* value = Get(*base, "value");
  std::optional<double> min, max;
  std::string unit;
  if (value != nullptr && value->is_object()) {
    min = Number(Get(*value, "minValue"));
    max = Number(Get(*value, "maxValue"));
    if (!min && !max) min = max = Number(Get(*value, "value"));
    unit = TextOrName(Get(*value, "unitText"));
  } else {
    min = max = Number(value);
    unit = TextOrName(Get(*base, "unitText"));
  }
  if (!min && !max) return common::InvalidField("baseSalary", "has no amount");
  absl::StatusOr<Salary> salary = MakeSalary(min, max, currency, unit);
  if (!salary.ok()) return common::InvalidField("baseSalary", std::string(salary.status().message()));
  return std::optional<Salary>(*std::move(salary));
}

absl::StatusOr<std::optional<TimePoint>> DateOf(const Json& job, const char* key) {
  const Json* v = Get(job, key);
  if (v == nullptr) return std::optional<TimePoint>();
  absl::StatusOr<TimePoint> t = ParseTimestampJson(*v);
  if (!t.ok()) return common::InvalidField(key, std::string(t.status().message()));
  return std::optional<TimePoint>(*t);
}

std::string IdentifierOf(const Json& job) {
  const Json* id = Get(job, "identifier");
  if (id == nullptr) return "";
  if (id->is_object()) {
    const std::string value = TextOrName(Get(*id, "value"));
    return value.empty() ? TextOrName(Get(*id, "@id")) : value;
  }
  return TextOrName(id);
}

// `url` resolved against the page: absolute urls as they are, "/path" on the page's origin.
std::string Resolve(const std::string& url, const std::string& page_url) {
  if (url.empty()) return page_url;
  if (url.find("://") != std::string::npos) return url;
  const size_t scheme = page_url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t path = page_url.find('/', scheme + 3);
  const std::string origin = page_url.substr(0, path);
  if (url[0] == '/') return origin + url;
  const size_t last_slash = page_url.rfind('/');
  return (last_slash > scheme + 2 ? page_url.substr(0, last_slash + 1) : origin + "/") + url;
}

void Collect(const Json& value, std::vector<Json>& out, int depth) {
  if (depth > kMaxJsonDepth || out.size() >= kMaxPostingsPerPage) return;
  if (value.is_array()) {
    for (const Json& v : value) Collect(v, out, depth + 1);
    return;
  }
  if (!value.is_object()) return;
  if (HasType(value, "JobPosting")) {
    out.push_back(value);
    return;
  }
  for (const char* key : {"@graph", "mainEntity", "itemListElement", "item"}) {
    if (const Json* v = Get(value, key)) Collect(*v, out, depth + 1);
  }
}

}  // namespace

std::vector<std::string> ExtractJsonLdScripts(const std::string& html) {
  std::vector<std::string> out;
  const std::unique_ptr<HtmlDocument> doc = HtmlDocument::Parse(SanitizeUtf8(html));
  if (doc == nullptr) return out;
  std::vector<const GumboNode*> stack = {doc->root()};
  while (!stack.empty() && out.size() < kMaxScripts) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) children = &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& el = node->v.element;
      if (el.tag == GUMBO_TAG_SCRIPT) {
        const GumboAttribute* type = gumbo_get_attribute(&el.attributes, "type");
        if (type != nullptr && IsJsonLdType(type->value)) {
          std::string text;
          for (unsigned i = 0; i < el.children.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(el.children.data[i]);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
                child->type == GUMBO_NODE_CDATA) {
              text += child->v.text.text;
            }
          }
          out.push_back(std::move(text));
        }
        continue;
      }
      children = &el.children;
    }
    if (children == nullptr) continue;
    // Reversed so the stack pops children in document order.
    for (unsigned i = children->length; i-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(children->data[i]));
    }
  }
  return out;
}

std::vector<Json> FindJobPostings(const Json& value) {
  std::vector<Json> out;
  Collect(value, out, 0);
  return out;
}

absl::StatusOr<Posting> PostingFromJobPosting(const Json& job, const std::string& page_url,
                                              const std::string& provider) {
  if (!job.is_object()) return absl::InvalidArgumentError("JobPosting is not an object");
  if (JsonNestingExceeds(job, kMaxJsonDepth)) {
    return absl::InvalidArgumentError("JobPosting nests too deeply");
  }
  Posting p;
  p.provider = provider;
  p.title = TextOrName(Get(job, "title"));
  if (p.title.empty()) p.title = TextOrName(Get(job, "name"));
  p.company = TextOrName(Get(job, "hiringOrganization"));
  p.url = Resolve(TextOrName(Get(job, "url")), page_url);
  p.external_id = IdentifierOf(job);
  if (p.external_id.empty()) p.external_id = p.url;
  JOBREC_ASSIGN_OR_RETURN(p.location, LocationOf(job));
  if (AsciiLower(TextOrName(Get(job, "jobLocationType"))) == "telecommute") {
    p.remote = RemoteMode::kRemote;
    if (p.location.country.empty()) {
      const std::string where = TextOrName(Get(job, "applicantLocationRequirements"));
      p.location.country = CountryCode(where).value_or("");
      if (p.location.text.empty()) p.location.text = where;
    }
  } else {
    p.remote = DetectRemoteMode(p.location.text);
  }
  JOBREC_ASSIGN_OR_RETURN(p.salary, SalaryOf(job));
  if (const Json* type = Get(job, "employmentType")) {
    std::vector<std::string> types;
    if (type->is_array()) {
      for (const Json& t : *type) types.push_back(TextOrName(&t));
    } else {
      types.push_back(TextOrName(type));
    }
    p.employment_type = NormalizeEmploymentType(types).value_or("");
  }
  if (const Json* description = Get(job, "description")) {
    if (!description->is_string()) return WrongType("description", "text");
    p.description = DescriptionToText(description->get<std::string>());
  }
  JOBREC_ASSIGN_OR_RETURN(p.posted_at, DateOf(job, "datePosted"));
  JOBREC_ASSIGN_OR_RETURN(p.expires_at, DateOf(job, "validThrough"));
  p.raw_json = RawJson(job);
  JOBREC_RETURN_IF_ERROR(FinalizePosting(p));
  return p;
}

JsonLdPage JobPostingsFromHtml(const std::string& html, const std::string& page_url,
                               const std::string& provider) {
  JsonLdPage page;
  const std::vector<std::string> scripts = ExtractJsonLdScripts(html);
  size_t index = 0;
  for (size_t b = 0; b < scripts.size(); ++b) {
    Json value = Json::parse(scripts[b], nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      page.rejected.push_back({absl::StrCat(page_url, " block ", b + 1), "invalid JSON"});
      continue;
    }
    for (const Json& job : FindJobPostings(value)) {
      ++index;
      absl::StatusOr<Posting> posting = PostingFromJobPosting(job, page_url, provider);
      if (posting.ok()) {
        page.postings.push_back(*std::move(posting));
      } else {
        page.rejected.push_back({absl::StrCat(page_url, " posting ", index),
                                 DescribeError(posting.status())});
      }
    }
  }
  return page;
}

}  // namespace jobrec::ingest
