#include "jobrec/api/profile_routes.h"

#include "jobrec/profile/profile_json.h"
#include "jobrec/store/profile_repo.h"

namespace jobrec::api {

void AddProfileRoutes(Router& router, store::Database& db, ProfileSavedHook on_saved) {
  router.Get("/api/v1/profile", [&db](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
    store::ProfileRepo repo(db);
    JOBREC_ASSIGN_OR_RETURN(auto stored, repo.Get(user_id));
    if (!stored) return absl::NotFoundError("no profile yet: fill in at least one target job title");
    return Response::Json({{"version", stored->version}, {"profile", stored->data}});
  }, {.auth = AuthMode::kRequired});

  router.Put("/api/v1/profile", [&db, on_saved](const Request& req) -> absl::StatusOr<Response> {
    JOBREC_ASSIGN_OR_RETURN(const int64_t user_id, req.CallerId());
    JOBREC_ASSIGN_OR_RETURN(nlohmann::json body, req.JsonBody());
    JOBREC_ASSIGN_OR_RETURN(profile::Profile profile, profile::ProfileFromJson(body));
    nlohmann::json normalised = profile::ProfileToJson(profile);
    store::ProfileRepo repo(db);
    JOBREC_ASSIGN_OR_RETURN(int version, repo.Put(user_id, normalised));
    if (on_saved) on_saved(user_id, version);
    return Response::Json({{"version", version}, {"profile", normalised}});
  }, {.auth = AuthMode::kRequired});
}

}  // namespace jobrec::api
