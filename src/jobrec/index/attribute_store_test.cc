#include "jobrec/index/attribute_store.h"

#include <gtest/gtest.h>

namespace jobrec::index {
namespace {

constexpr int64_t kNow = 1796220000;
constexpr int64_t kDay = 86400;

PostingAttributes Posting(RemoteMode remote, std::string country, std::string city,
                          std::optional<double> salary, std::optional<int64_t> posted) {
  return {remote, std::move(country), std::move(city), salary, posted};
}

class AttributeStoreTest : public ::testing::Test {
 protected:
  bool Matches(const SearchFilter& filter, const PostingAttributes& posting) {
    const CompactAttributes c = store_.Encode(posting);
    return store_.Compile(filter, kNow).Matches(c);
  }
  AttributeStore store_;
  const PostingAttributes berlin_onsite_ =
      Posting(RemoteMode::kOnsite, "DE", "Berlin", 70000, kNow - 3 * kDay);
};

TEST_F(AttributeStoreTest, EmptyFilterMatchesEverythingAndIsTrivial) {
  SearchFilter filter;
  EXPECT_TRUE(store_.Compile(filter, kNow).IsTrivial());
  EXPECT_TRUE(Matches(filter, berlin_onsite_));
  EXPECT_TRUE(Matches(filter, PostingAttributes{}));
  filter.exclude_ids = {1, 2};  // exclusions are not attribute constraints
  EXPECT_TRUE(store_.Compile(filter, kNow).IsTrivial());
}

TEST_F(AttributeStoreTest, RemoteModes) {
  SearchFilter filter;
  filter.remote_modes = RemoteModes::Of({RemoteMode::kRemote});
  EXPECT_FALSE(store_.Compile(filter, kNow).IsTrivial());
  EXPECT_FALSE(Matches(filter, berlin_onsite_));
  EXPECT_TRUE(Matches(filter, Posting(RemoteMode::kRemote, "", "", {}, {})));
  EXPECT_FALSE(Matches(filter, Posting(RemoteMode::kUnknown, "", "", {}, {})));
}

TEST_F(AttributeStoreTest, PreferencesMapToAcceptedModes) {
  EXPECT_TRUE(AcceptedModes(RemotePreference::kAny).IsAny());
  const RemoteModes remote = AcceptedModes(RemotePreference::kRemote);
  EXPECT_TRUE(remote.Contains(RemoteMode::kRemote));
  EXPECT_FALSE(remote.Contains(RemoteMode::kHybrid));
  EXPECT_TRUE(remote.Contains(RemoteMode::kUnknown));
  const RemoteModes hybrid = AcceptedModes(RemotePreference::kHybrid);
  EXPECT_TRUE(hybrid.Contains(RemoteMode::kRemote));
  EXPECT_FALSE(hybrid.Contains(RemoteMode::kOnsite));
  const RemoteModes onsite = AcceptedModes(RemotePreference::kOnsite);
  EXPECT_TRUE(onsite.Contains(RemoteMode::kHybrid));
  EXPECT_FALSE(onsite.Contains(RemoteMode::kRemote));
}

TEST_F(AttributeStoreTest, LocationsMatchCountryAndCityCaseInsensitively) {
  SearchFilter filter;
  filter.locations = {{"de", " berlin "}};
  EXPECT_TRUE(Matches(filter, berlin_onsite_));
  filter.locations = {{"DE", ""}};
  EXPECT_TRUE(Matches(filter, berlin_onsite_));
  filter.locations = {{"DE", "Munich"}};
  EXPECT_FALSE(Matches(filter, berlin_onsite_));
  filter.locations = {{"FR", ""}, {"", "berlin"}};
  EXPECT_TRUE(Matches(filter, berlin_onsite_));
  // A place no posting has is never matched (and does not crash).
  filter.locations = {{"ZZ", "Atlantis"}};
  EXPECT_FALSE(Matches(filter, berlin_onsite_));
}

TEST_F(AttributeStoreTest, RemotePostingsMatchOnCountryOnly) {
  SearchFilter filter;
  filter.locations = {{"DE", "Munich"}};
  EXPECT_TRUE(Matches(filter, Posting(RemoteMode::kRemote, "DE", "Berlin", {}, {})));
  EXPECT_FALSE(Matches(filter, Posting(RemoteMode::kRemote, "US", "Boston", {}, {})));
  EXPECT_TRUE(Matches(filter, Posting(RemoteMode::kRemote, "", "", {}, {})));
}

TEST_F(AttributeStoreTest, UnknownLocationOnlyWhenAllowed) {
  SearchFilter filter;
  filter.locations = {{"DE", ""}};
  const PostingAttributes nowhere = Posting(RemoteMode::kOnsite, "", "", {}, {});
  EXPECT_FALSE(Matches(filter, nowhere));
  filter.allow_unknown_location = true;
  EXPECT_TRUE(Matches(filter, nowhere));
}

TEST_F(AttributeStoreTest, MinimumSalaryWithAndWithoutUnknownSalaries) {
  SearchFilter filter;
  filter.min_salary = 70000;
  EXPECT_TRUE(Matches(filter, berlin_onsite_));  // max 70000 >= 70000
  filter.min_salary = 70001;
  EXPECT_FALSE(Matches(filter, berlin_onsite_));
  const PostingAttributes unknown = Posting(RemoteMode::kOnsite, "DE", "Berlin", {}, {});
  EXPECT_TRUE(Matches(filter, unknown));
  filter.allow_unknown_salary = false;
  EXPECT_FALSE(Matches(filter, unknown));
  // A NaN salary from a provider counts as unknown.
  EXPECT_FALSE(Matches(filter, Posting(RemoteMode::kOnsite, "", "", NAN, {})));
}

TEST_F(AttributeStoreTest, PostedWithinDays) {
  SearchFilter filter;
  filter.posted_within_days = 7;
  EXPECT_TRUE(Matches(filter, berlin_onsite_));  // 3 days old
  filter.posted_within_days = 2;
  EXPECT_FALSE(Matches(filter, berlin_onsite_));
  filter.posted_within_days = 7;
  EXPECT_FALSE(Matches(filter, Posting(RemoteMode::kOnsite, "", "", {}, {})));  // no date
  // The filter's own clock wins over the caller's default.
  filter.now_unix = kNow + 30 * kDay;
  EXPECT_FALSE(Matches(filter, berlin_onsite_));
}

TEST_F(AttributeStoreTest, CombinedFiltersMustAllMatch) {
  SearchFilter filter;
  filter.remote_modes = AcceptedModes(RemotePreference::kOnsite);
  filter.locations = {{"DE", "Berlin"}};
  filter.min_salary = 60000;
  filter.posted_within_days = 5;
  EXPECT_TRUE(Matches(filter, berlin_onsite_));
  PostingAttributes p = berlin_onsite_;
  p.salary_max = 50000;
  EXPECT_FALSE(Matches(filter, p));
  p = berlin_onsite_;
  p.remote = RemoteMode::kRemote;
  EXPECT_FALSE(Matches(filter, p));
  p = berlin_onsite_;
  p.posted_at_unix = kNow - 6 * kDay;
  EXPECT_FALSE(Matches(filter, p));
  p = berlin_onsite_;
  p.city = "Hamburg";
  EXPECT_FALSE(Matches(filter, p));
}

TEST_F(AttributeStoreTest, SerializeRoundTrip) {
  store_.Resize(3);
  store_.Put(0, store_.Encode(berlin_onsite_));
  store_.Put(2, store_.Encode(Posting(RemoteMode::kRemote, "US", "Boston", {}, {})));
  std::string image;
  store_.Serialize(&image);
  auto copy = AttributeStore::Deserialize(image);
  ASSERT_TRUE(copy.ok()) << copy.status();
  ASSERT_EQ(copy->size(), 3u);
  SearchFilter filter;
  filter.locations = {{"DE", "Berlin"}};
  EXPECT_TRUE(copy->Compile(filter, kNow).Matches(copy->Get(0)));
  EXPECT_FALSE(copy->Compile(filter, kNow).Matches(copy->Get(2)));
}

TEST_F(AttributeStoreTest, CorruptImagesAreDataLoss) {
  store_.Resize(2);
  store_.Put(0, store_.Encode(berlin_onsite_));
  std::string image;
  store_.Serialize(&image);
  for (size_t cut : {size_t{0}, size_t{4}, size_t{20}, image.size() - 1}) {
    EXPECT_EQ(AttributeStore::Deserialize(image.substr(0, cut)).status().code(),
              absl::StatusCode::kDataLoss)
        << cut;
  }
  std::string bad_count = image;
  bad_count[7] = '\x7f';  // absurd slot count
  EXPECT_EQ(AttributeStore::Deserialize(bad_count).status().code(), absl::StatusCode::kDataLoss);
  std::string bad_ref = image;
  bad_ref[8 + 12] = '\x40';  // slot 0's country id far past the string table
  EXPECT_EQ(AttributeStore::Deserialize(bad_ref).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(AttributeStore::Deserialize(image + "x").status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace jobrec::index
