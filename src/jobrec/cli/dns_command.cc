// `jobrec dns update --zone ZONE_ID --name NAME [--ip IP] [--ttl SECONDS]`: points an A record
// at this instance (its public IPv4 from the instance metadata service) or at --ip, through
// Route 53, and prints the change id and status.
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "jobrec/cli/cli_context.h"
#include "jobrec/cloud/cloud_options.h"
#include "jobrec/cloud/credentials.h"
#include "jobrec/cloud/instance_metadata.h"
#include "jobrec/cloud/route53_client.h"
#include "jobrec/common/http_client.h"
#include "jobrec/common/log.h"

namespace jobrec::cli {
namespace {

struct DnsUpdateArgs {
  std::string zone;
  std::string name;
  std::optional<std::string> ip;
  int ttl = 60;
};

void RunDnsUpdate(CliContext& ctx, const DnsUpdateArgs& args) {
  auto config = ctx.LoadConfig();
  if (!config) return;
  auto options = cloud::CloudOptionsFromConfig(*config);
  if (!options.ok()) return ctx.Fail(options.status(), kExitUsage);

  auto http = common::NewCurlHttpClient();
  cloud::InstanceMetadata metadata(http.get(), {.endpoint = options->imds_endpoint});
  std::string ip;
  if (args.ip) {
    ip = *args.ip;
  } else {
    auto public_ip = metadata.PublicIpv4();
    if (absl::IsNotFound(public_ip.status())) {
      return ctx.Fail(absl::NotFoundError("this instance has no public IPv4 address; pass --ip"),
                      kExitFailure);
    }
    if (!public_ip.ok()) return ctx.Fail(public_ip.status(), kExitFailure);
    ip = *public_ip;
  }

  auto credentials = cloud::NewDefaultCredentialsProvider(cloud::ProcessEnvironment(), &metadata);
  if (!credentials.ok()) return ctx.Fail(credentials.status(), kExitUsage);
  auto route53 = cloud::NewRoute53Client({.endpoint = options->route53_endpoint}, http.get(),
                                         credentials->get());
  if (!route53.ok()) return ctx.Fail(route53.status(), kExitUsage);
  auto change = (*route53)->UpsertARecord(args.zone, args.name, ip, args.ttl);
  if (!change.ok()) {
    return ctx.Fail(change.status(),
                    absl::IsInvalidArgument(change.status()) ? kExitUsage : kExitFailure);
  }
  log::Info("dns_record_upserted", {{"zone", args.zone},
                                    {"name", args.name},
                                    {"ip", ip},
                                    {"change_id", change->id},
                                    {"status", change->status}});
  std::cout << args.name << " A " << ip << " (TTL " << args.ttl << "): change " << change->id
            << " " << change->status << "\n";
}

}  // namespace

void RegisterDnsCommand(CLI::App& app, CliContext& ctx) {
  auto* dns = app.add_subcommand("dns", "Manage this deployment's DNS records in Route 53");
  dns->require_subcommand(1);
  auto args = std::make_shared<DnsUpdateArgs>();
  auto* update = dns->add_subcommand(
      "update", "Upsert an A record for this instance's public IPv4 (or --ip)");
  update->add_option("--zone", args->zone, "Route 53 hosted zone id (Z… or /hostedzone/Z…)")
      ->required();
  update->add_option("--name", args->name, "record name, e.g. jobrec.example.com")->required();
  update->add_option("--ip", args->ip, "IPv4 address (default: this instance's public IPv4)");
  update->add_option("--ttl", args->ttl, "record TTL in seconds")
      ->capture_default_str()
      ->check(CLI::Range(0, 2147483647));
  update->callback([&ctx, args] { RunDnsUpdate(ctx, *args); });
}

}  // namespace jobrec::cli
