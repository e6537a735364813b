#include "jobrec/ingest/normalize_remote.h"

#include <string>

#include <gtest/gtest.h>

namespace jobrec::ingest {
namespace {

TEST(DetectRemoteMode, Table) {
  const std::pair<std::string, RemoteMode> cases[] = {
      {"Remote", RemoteMode::kRemote},
      {"Remote - US", RemoteMode::kRemote},
      {"100% Remote", RemoteMode::kRemote},
      {"Work from home", RemoteMode::kRemote},
      {"WFH", RemoteMode::kRemote},
      {"telecommute", RemoteMode::kRemote},
      {"TELECOMMUTE", RemoteMode::kRemote},
      {"Telework eligible", RemoteMode::kRemote},
      {"Anywhere", RemoteMode::kRemote},
      {"US-Remote", RemoteMode::kRemote},
      {"Hybrid", RemoteMode::kHybrid},
      {"Hybrid - London", RemoteMode::kHybrid},
      {"Remote or on-site", RemoteMode::kRemote},
      {"remote-friendly, 2 days in office", RemoteMode::kHybrid},
      {"Partially remote", RemoteMode::kHybrid},
      {"On-site", RemoteMode::kOnsite},
      {"onsite", RemoteMode::kOnsite},
      {"In office", RemoteMode::kOnsite},
      {"This role is not remote", RemoteMode::kOnsite},
      {"No remote work", RemoteMode::kOnsite},
      {"Non-remote", RemoteMode::kOnsite},
      {"San Francisco, CA", RemoteMode::kUnknown},
      {"Remoteness allowance", RemoteMode::kUnknown},  // a word that only starts with remote
      {"", RemoteMode::kUnknown},
      {std::string("\xff\xfe"), RemoteMode::kUnknown},
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(DetectRemoteMode(text), want) << text;
  }
}

TEST(FirstKnownRemoteMode, TakesTheFirstKnown) {
  EXPECT_EQ(FirstKnownRemoteMode({RemoteMode::kUnknown, RemoteMode::kHybrid,
                                  RemoteMode::kRemote}),
            RemoteMode::kHybrid);
  EXPECT_EQ(FirstKnownRemoteMode({}), RemoteMode::kUnknown);
  EXPECT_EQ(FirstKnownRemoteMode({RemoteMode::kUnknown}), RemoteMode::kUnknown);
}

TEST(RemoteModeFromFlag, FalseIsNotOnsite) {
  EXPECT_EQ(RemoteModeFromFlag(true), RemoteMode::kRemote);
  EXPECT_EQ(RemoteModeFromFlag(false), RemoteMode::kUnknown);
  EXPECT_EQ(RemoteModeFromFlag(std::nullopt), RemoteMode::kUnknown);
}

TEST(RemoteModeNames, RoundTrip) {
  for (RemoteMode m : {RemoteMode::kUnknown, RemoteMode::kOnsite, RemoteMode::kHybrid,
                       RemoteMode::kRemote}) {
    EXPECT_EQ(ParseRemoteMode(RemoteModeName(m)), m);
  }
  EXPECT_EQ(ParseRemoteMode("REMOTE"), RemoteMode::kRemote);
  EXPECT_EQ(ParseRemoteMode("on-site"), std::nullopt);  // strict: our names only
  EXPECT_EQ(ParseRemoteMode(""), std::nullopt);
}

}  // namespace
}  // namespace jobrec::ingest
