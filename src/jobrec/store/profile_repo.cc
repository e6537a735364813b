#include "jobrec/store/profile_repo.h"

#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {

absl::StatusOr<std::optional<StoredProfile>> ProfileRepo::Get(int64_t user_id) {
  std::optional<StoredProfile> profile;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "profile.Get", true), [&](pqxx::work& tx) {
    auto rows = tx.exec("SELECT version, data::text FROM profile_get()");
    if (!rows.empty()) {
      profile = StoredProfile{rows[0][0].as<int>(), nlohmann::json::parse(rows[0][1].as<std::string>())};
    }
    return absl::OkStatus();
  }));
  return profile;
}

absl::StatusOr<int> ProfileRepo::Put(int64_t user_id, const nlohmann::json& data) {
  int version = 0;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, AsUser(user_id, "profile.Put"), [&](pqxx::work& tx) {
    version = tx.exec_params1("SELECT profile_put($1::jsonb)", data.dump())[0].as<int>();
    return absl::OkStatus();
  }));
  return version;
}

}  // namespace jobrec::store
