// Amazon Route 53 (REST XML API 2013-04-01): upsert an A record. The request is a POST of a
// ChangeResourceRecordSetsRequest document to /2013-04-01/hostedzone/{Id}/rrset/, signed with
// SigV4 for service "route53" in us-east-1 (Route 53 is global and signs there).
//
// Errors follow aws_error.h: NoSuchHostedZone → NotFound, InvalidChangeBatch and InvalidInput
// → InvalidArgument; Throttling and PriorRequestNotComplete are retried with backoff by
// AwsTransport and come out as Unavailable only after the last attempt. An answer that is not
// the documented XML is Internal.
//
// Thread-safety: safe to share between threads.
#pragma once

#include <memory>
#include <string>

#include "jobrec/cloud/aws_transport.h"
#include "jobrec/cloud/credentials.h"
#include "jobrec/common/http_client.h"
#include "jobrec/common/status.h"

namespace jobrec::cloud {

struct Route53ChangeInfo {
  std::string id;      // "/change/C2682N5HXP0BZ4"
  std::string status;  // PENDING, then INSYNC once every Route 53 server has it
  std::string submitted_at;
};

struct Route53ClientOptions {
  std::string endpoint = "https://route53.amazonaws.com";
  AwsRetryOptions retry;
};

class Route53Client {
 public:
  virtual ~Route53Client() = default;
  // Creates or replaces the A record `name` → `ipv4` in hosted zone `zone_id` ("Z123…" or
  // "/hostedzone/Z123…"). InvalidArgument, before anything is sent, for a malformed zone id,
  // name, address or TTL.
  virtual absl::StatusOr<Route53ChangeInfo> UpsertARecord(const std::string& zone_id,
                                                          const std::string& name,
                                                          const std::string& ipv4,
                                                          int ttl_seconds = 60) = 0;
};

// `http` and `credentials` must outlive the client. InvalidArgument for a bad endpoint.
absl::StatusOr<std::unique_ptr<Route53Client>> NewRoute53Client(Route53ClientOptions options,
                                                                common::HttpClient* http,
                                                                CredentialsProvider* credentials);

}  // namespace jobrec::cloud
