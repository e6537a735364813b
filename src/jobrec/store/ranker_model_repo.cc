#include "jobrec/store/ranker_model_repo.h"

#include "jobrec/store/sql_transaction.h"
#include "jobrec/store/user_scope.h"

namespace jobrec::store {
namespace {

constexpr char kColumns[] =
    "model_version, model::text, ratings_used, (extract(epoch FROM trained_at) * 1000000)::bigint";

std::optional<StoredRankerModel> ModelOf(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return StoredRankerModel{.model_version = r[0].as<std::string>(),
                           .model = nlohmann::json::parse(r[1].as<std::string>()),
                           .ratings_used = r[2].as<int>(),
                           .trained_at_micros = r[3].as<int64_t>()};
}

}  // namespace

absl::StatusOr<std::optional<StoredRankerModel>> RankerModelRepo::GetGlobal() {
  std::optional<StoredRankerModel> model;
  JOBREC_RETURN_IF_ERROR(RunTransaction(db_, {.name = "ranker_model.GetGlobal", .read_only = true},
                                        [&](pqxx::work& tx) {
                                          model = ModelOf(tx.exec(std::string("SELECT ") + kColumns +
                                                                  " FROM ranker_global_model"));
                                          return absl::OkStatus();
                                        }));
  return model;
}

absl::StatusOr<std::optional<StoredRankerModel>> RankerModelRepo::GetUser(int64_t user_id) {
  std::optional<StoredRankerModel> model;
  JOBREC_RETURN_IF_ERROR(
      RunTransaction(db_, AsUser(user_id, "ranker_model.GetUser", true), [&](pqxx::work& tx) {
        model = ModelOf(tx.exec_params(
            std::string("SELECT ") + kColumns + " FROM ranker_user_models WHERE user_id = $1", user_id));
        return absl::OkStatus();
      }));
  return model;
}

absl::Status RankerModelRepo::PutGlobal(const StoredRankerModel& model) {
  return RunTransaction(db_, {.name = "ranker_model.PutGlobal"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO ranker_global_model (model_version, model, ratings_used) VALUES ($1, $2::jsonb, $3) "
        "ON CONFLICT (id) DO UPDATE SET model_version = EXCLUDED.model_version, model = EXCLUDED.model, "
        "ratings_used = EXCLUDED.ratings_used, trained_at = now()",
        model.model_version, model.model.dump(), model.ratings_used);
    return absl::OkStatus();
  });
}

absl::Status RankerModelRepo::PutUser(int64_t user_id, const StoredRankerModel& model) {
  return RunTransaction(db_, {.name = "ranker_model.PutUser"}, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO ranker_user_models (user_id, model_version, model, ratings_used) "
        "VALUES ($1, $2, $3::jsonb, $4) "
        "ON CONFLICT (user_id) DO UPDATE SET model_version = EXCLUDED.model_version, model = EXCLUDED.model, "
        "ratings_used = EXCLUDED.ratings_used, trained_at = now()",
        user_id, model.model_version, model.model.dump(), model.ratings_used);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<int64_t>> RankerModelRepo::UsersWithRatings() {
  std::vector<int64_t> users;
  JOBREC_RETURN_IF_ERROR(RunTransaction(
      db_, {.name = "ranker_model.UsersWithRatings", .read_only = true}, [&](pqxx::work& tx) {
        for (const auto& r : tx.exec("SELECT DISTINCT user_id FROM reviews "
                                     "WHERE score IS NOT NULL OR not_interested ORDER BY user_id")) {
          users.push_back(r[0].as<int64_t>());
        }
        return absl::OkStatus();
      }));
  return users;
}

}  // namespace jobrec::store
