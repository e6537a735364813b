#include "jobrec/ingest/testing/connector_test_support.h"

namespace jobrec::ingest::testing {

void ReplayServerTest::SetUp() { RestartServer(); }

void ReplayServerTest::RestartServer() {
  auto server = ReplayServer::Start();
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
}

}  // namespace jobrec::ingest::testing
