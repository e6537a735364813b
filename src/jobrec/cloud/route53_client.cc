#include "jobrec/cloud/route53_client.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "jobrec/cloud/xml.h"

namespace jobrec::cloud {
namespace {

constexpr char kNamespace[] = "https://route53.amazonaws.com/doc/2013-04-01/";
// Route 53 signs every request in us-east-1, wherever the caller runs.
constexpr char kSigningRegion[] = "us-east-1";

absl::StatusOr<std::string> NormalizeZoneId(std::string zone_id) {
  if (absl::StartsWith(zone_id, "/hostedzone/")) zone_id = zone_id.substr(12);
  const bool ok = !zone_id.empty() && zone_id.size() <= 32 &&
                  std::all_of(zone_id.begin(), zone_id.end(), [](unsigned char c) {
                    return std::isupper(c) || std::isdigit(c);
                  });
  if (!ok) return absl::InvalidArgumentError(absl::StrCat("bad hosted zone id \"", zone_id, "\""));
  return zone_id;
}

absl::Status ValidateRecord(const std::string& name, const std::string& ipv4, int ttl_seconds) {
  const bool name_ok = !name.empty() && name.size() <= 255 &&
                       std::all_of(name.begin(), name.end(), [](unsigned char c) {
                         return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '*';
                       });
  if (!name_ok) return absl::InvalidArgumentError(absl::StrCat("bad DNS name \"", name, "\""));
  in_addr address{};
  if (inet_pton(AF_INET, ipv4.c_str(), &address) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("not an IPv4 address: \"", ipv4, "\""));
  }
  if (ttl_seconds < 0) {
    return absl::InvalidArgumentError("TTL must not be negative");
  }
  return absl::OkStatus();
}

std::string UpsertDocument(const std::string& name, const std::string& ipv4, int ttl_seconds) {
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ChangeResourceRecordSetsRequest xmlns=\"", kNamespace, "\">"
      "<ChangeBatch><Comment>jobrec dns update</Comment><Changes><Change>"
      "<Action>UPSERT</Action>"
      "<ResourceRecordSet>"
      "<Name>", XmlEscape(name), "</Name>"
      "<Type>A</Type>"
      "<TTL>", ttl_seconds, "</TTL>"
      "<ResourceRecords><ResourceRecord><Value>", XmlEscape(ipv4),
      "</Value></ResourceRecord></ResourceRecords>"
      "</ResourceRecordSet>"
      "</Change></Changes></ChangeBatch>"
      "</ChangeResourceRecordSetsRequest>");
}

class RestRoute53Client final : public Route53Client {
 public:
  RestRoute53Client(std::string endpoint, common::HttpClient* http,
                    CredentialsProvider* credentials, const AwsRetryOptions& retry)
      : endpoint_(std::move(endpoint)),
        transport_(http, credentials, kSigningRegion, "route53", retry) {}

  absl::StatusOr<Route53ChangeInfo> UpsertARecord(const std::string& zone_id,
                                                  const std::string& name,
                                                  const std::string& ipv4,
                                                  int ttl_seconds) override {
    JOBREC_ASSIGN_OR_RETURN(std::string zone, NormalizeZoneId(zone_id));
    JOBREC_RETURN_IF_ERROR(ValidateRecord(name, ipv4, ttl_seconds));
    JOBREC_ASSIGN_OR_RETURN(
        common::HttpResponse response,
        transport_.Send({.method = "POST",
                         .url = absl::StrCat(endpoint_, "/2013-04-01/hostedzone/", zone, "/rrset/"),
                         .headers = {{"Content-Type", "application/xml"}},
                         .body = UpsertDocument(name, ipv4, ttl_seconds)}));
    absl::StatusOr<XmlElement> root = ParseXml(response.body);
    if (!root.ok()) {
      return absl::InternalError(
          absl::StrCat("route53 answer is not XML: ", root.status().message()));
    }
    const XmlElement* info = root->Child("ChangeInfo");
    if (root->name != "ChangeResourceRecordSetsResponse" || info == nullptr ||
        info->ChildText("Id").empty()) {
      return absl::InternalError(absl::StrCat("route53 answered <", root->name,
                                              "> without the expected ChangeInfo"));
    }
    return Route53ChangeInfo{.id = info->ChildText("Id"),
                             .status = info->ChildText("Status"),
                             .submitted_at = info->ChildText("SubmittedAt")};
  }

 private:
  const std::string endpoint_;
  AwsTransport transport_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Route53Client>> NewRoute53Client(Route53ClientOptions options,
                                                                common::HttpClient* http,
                                                                CredentialsProvider* credentials) {
  JOBREC_ASSIGN_OR_RETURN(std::string endpoint, NormalizeEndpoint(options.endpoint));
  return std::make_unique<RestRoute53Client>(std::move(endpoint), http, credentials,
                                             options.retry);
}

}  // namespace jobrec::cloud
