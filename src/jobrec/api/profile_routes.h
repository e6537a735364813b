// GET/PUT /api/v1/profile: the caller's structured profile with its version.
#pragma once

#include "jobrec/api/router.h"
#include "jobrec/store/database.h"

namespace jobrec::api {

void AddProfileRoutes(Router& router, store::Database& db);

}  // namespace jobrec::api
