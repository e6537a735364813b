// The set-up every provider connector test shares: a fresh ReplayServer for each test, the
// connector's options aimed at it (no polite interval between requests, and a clock the test
// sets where the options take one), and construction that fails the test rather than handing
// back an error.
//
// Thread-safety: a fixture, used from the test's own thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "jobrec/common/status.h"
#include "jobrec/ingest/posting.h"
#include "jobrec/ingest/testing/replay_server.h"
#include "jobrec/ingest/testing/sync_driver.h"

namespace jobrec::ingest::testing {

// The created object, or nullptr after recording a test failure with the error.
template <typename T>
std::unique_ptr<T> CreatedOrFail(absl::StatusOr<std::unique_ptr<T>> created) {
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? *std::move(created) : nullptr;
}

// A test with its own ReplayServer in server_, started before each test.
class ReplayServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Replaces server_ with a new one (no routes, no recorded requests), for a test that loops
  // over cases; a failure to start is a fatal test failure.
  void RestartServer();

  std::unique_ptr<ReplayServer> server_;
};

// Fixture for the tests of one connector type, whose Create(OptionsT, http) returns
// StatusOr<unique_ptr<ConnectorT>>. A test suite overrides Options() with the provider's
// required options.
template <typename ConnectorT, typename OptionsT>
class ConnectorTest : public ReplayServerTest {
 protected:
  virtual OptionsT Options() const { return OptionsT{}; }

  // `options` aimed at server_; nullptr (and a test failure) when Create fails.
  std::unique_ptr<ConnectorT> Make(OptionsT options) {
    AimAtServer(options);
    return CreatedOrFail(ConnectorT::Create(std::move(options), FastHttpClient()));
  }
  std::unique_ptr<ConnectorT> Make() { return Make(Options()); }

  // The field Create's error names (common::FieldOf) for Options() changed by `change`, which
  // takes an OptionsT&; "" when Create succeeds.
  template <typename Change>
  std::string FieldRejected(Change change) {
    OptionsT options = Options();
    AimAtServer(options);
    change(options);
    return common::FieldOf(ConnectorT::Create(std::move(options), FastHttpClient()).status());
  }

  // What the connector's clock says, for the options that take one.
  TimePoint now_ = At("2024-05-03T00:00:00Z");

 private:
  void AimAtServer(OptionsT& options) {
    options.http.base_url = server_->BaseUrl();
    options.http.min_interval = std::chrono::milliseconds(0);
    if constexpr (requires(OptionsT o) { o.now; }) {
      options.now = [this] { return now_; };
    }
  }
};

}  // namespace jobrec::ingest::testing
