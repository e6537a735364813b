// GET/PUT /api/v1/profile: the caller's structured profile with its version.
#pragma once

#include <cstdint>
#include <functional>

#include "jobrec/api/router.h"
#include "jobrec/store/database.h"

namespace jobrec::api {

// Called after each successful PUT with the user and the new profile version (the LLM's ideal
// postings are queued this way: tasks/ideal_postings_task.h). Must not throw; its failures are
// its own to log.
using ProfileSavedHook = std::function<void(int64_t user_id, int profile_version)>;

void AddProfileRoutes(Router& router, store::Database& db, ProfileSavedHook on_saved = {});

}  // namespace jobrec::api
