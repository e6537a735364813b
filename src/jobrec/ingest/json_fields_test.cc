#include "jobrec/ingest/json_fields.h"

#include <gtest/gtest.h>

#include "jobrec/ingest/testing/sync_driver.h"

namespace jobrec::ingest {
namespace {

using ::jobrec::ingest::testing::At;

TEST(JsonFieldsTest, ReadsWhatProvidersActuallySend) {
  const nlohmann::json item = {{"id_s", " 42 "},
                               {"id_n", 42},
                               {"id_f", 4.2},
                               {"money", "$92,166.50"},
                               {"money_n", 10},
                               {"junk", "12abc"},
                               {"flag_s", "1"},
                               {"flag_b", false},
                               {"flag_t", "TRUE"},
                               {"flag_2", 2},
                               {"nested", {{"a", {{"b", "deep"}}}}},
                               {"list", {"x", 1, "y"}},
                               {"when_ms", 1714557600000},
                               {"when_s", "2024-05-01T10:00:00Z"},
                               {"when_bad", "soon"}};
  EXPECT_EQ(IdAt(item, {"id_s"}), "42");
  EXPECT_EQ(IdAt(item, {"id_n"}), "42");
  EXPECT_EQ(IdAt(item, {"id_f"}), "");
  EXPECT_EQ(NumberAt(item, {"money"}), 92166.5);
  EXPECT_EQ(NumberAt(item, {"money_n"}), 10);
  EXPECT_EQ(NumberAt(item, {"junk"}), std::nullopt);
  EXPECT_EQ(FlagAt(item, {"flag_s"}), true);
  EXPECT_EQ(FlagAt(item, {"flag_b"}), false);
  EXPECT_EQ(FlagAt(item, {"flag_t"}), true);
  EXPECT_EQ(FlagAt(item, {"flag_2"}), std::nullopt);
  EXPECT_EQ(StringAt(item, {"nested", "a", "b"}), "deep");
  EXPECT_EQ(StringAt(item, {"nested", "missing", "b"}), "");
  EXPECT_EQ(StringAt(item, {"id_n"}), "");
  EXPECT_EQ(StringsAt(item, {"list"}), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(ArrayAt(item, {"nested"}), nullptr);
  EXPECT_EQ(TimeAt(item, {"when_ms"}), At("2024-05-01T10:00:00Z"));
  EXPECT_EQ(TimeAt(item, {"when_s"}), At("2024-05-01T10:00:00Z"));
  EXPECT_EQ(TimeAt(item, {"when_bad"}), std::nullopt);
  EXPECT_EQ(StringAt(nlohmann::json::array(), {"a"}), "");
}

}  // namespace
}  // namespace jobrec::ingest
