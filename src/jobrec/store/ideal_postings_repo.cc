#include "jobrec/store/ideal_postings_repo.h"

#include "absl/strings/str_cat.h"
#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {

NewTask IdealPostingsTask(int64_t user_id, int profile_version) {
  NewTask task;
  task.kind = kIdealPostingsTaskKind;
  task.payload = {{"user_id", user_id}, {"profile_version", profile_version}};
  task.dedupe_key = absl::StrCat(kIdealPostingsTaskKind, ":", user_id, ":", profile_version);
  return task;
}

absl::StatusOr<std::optional<StoredIdealPostings>> IdealPostingsRepo::Current(int64_t user_id) {
  std::optional<StoredIdealPostings> out;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "ideal_postings.Current", true), [&](pqxx::work& tx) {
    const auto rows = tx.exec(
        "SELECT i.user_id, i.profile_version, i.model, i.prompt_version, i.texts::text "
        "FROM ideal_postings i JOIN profiles p ON p.user_id = i.user_id AND p.version = i.profile_version "
        "WHERE i.user_id = jobrec_current_user_id()");
    if (rows.empty()) return absl::OkStatus();
    const auto& r = rows[0];
    out = StoredIdealPostings{.user_id = r[0].as<int64_t>(),
                              .profile_version = r[1].as<int>(),
                              .model = r[2].as<std::string>(),
                              .prompt_version = r[3].as<std::string>(),
                              .texts = nlohmann::json::parse(r[4].as<std::string>()).get<std::vector<std::string>>()};
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<bool> IdealPostingsRepo::Exists(int64_t user_id, int profile_version) {
  bool exists = false;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "ideal_postings.Exists", .read_only = true}, [&](pqxx::work& tx) {
    exists = !tx.exec_params("SELECT 1 FROM ideal_postings WHERE user_id = $1 AND profile_version = $2", user_id,
                             profile_version)
                  .empty();
    return absl::OkStatus();
  }));
  return exists;
}

absl::StatusOr<std::optional<nlohmann::json>> IdealPostingsRepo::ProfileData(int64_t user_id, int profile_version) {
  std::optional<nlohmann::json> data;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "ideal_postings.ProfileData", .read_only = true},
                                        [&](pqxx::work& tx) {
    const auto rows = tx.exec_params(
        "SELECT data::text FROM profile_versions WHERE user_id = $1 AND version = $2", user_id, profile_version);
    if (!rows.empty()) data = nlohmann::json::parse(rows[0][0].as<std::string>());
    return absl::OkStatus();
  }));
  return data;
}

absl::StatusOr<bool> IdealPostingsRepo::Insert(const StoredIdealPostings& postings) {
  bool stored = false;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "ideal_postings.Insert"}, [&](pqxx::work& tx) {
    stored = !tx.exec_params(
                    "INSERT INTO ideal_postings (user_id, profile_version, model, prompt_version, texts) "
                    "VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (user_id, profile_version) DO NOTHING "
                    "RETURNING 1",
                    postings.user_id, postings.profile_version, postings.model, postings.prompt_version,
                    nlohmann::json(postings.texts).dump())
                  .empty();
    return absl::OkStatus();
  }));
  return stored;
}

}  // namespace jobrec::store
