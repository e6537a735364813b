// Versioned fastText models on disk. A version is a directory
//   <models_dir>/<version_id>/model.bin   (or model.ftz: fastText's own file)
//   <models_dir>/<version_id>/model.json  (ModelInfo)
// whose id is "ft-<UTC creation time>-<first 12 hex digits of the model file's SHA-256>",
// e.g. "ft-20261127T141502Z-3f2a9c1b7d4e". The id is what the rest of the system records
// (PostgreSQL rows of model versions, vectors tagged with the version that made them, index
// snapshots); the full SHA-256 in model.json is checked on every load so a damaged or
// replaced file is never served under an old id.
//
// Thread-safety: free functions, safe to call concurrently for different versions. Saving
// writes into a temporary directory and renames it into place, so readers never see a
// half-written version.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobrec/common/status.h"
#include "jobrec/embed/fasttext_model.h"

namespace jobrec::embed {

struct ModelInfo {
  std::string version_id;
  std::string sha256;      // of the model file
  std::string model_file;  // file name inside the version directory
  int64_t created_at_unix = 0;
  std::string kind;  // ModelKindName
  int dim = 0;
  int64_t vocabulary_size = 0;
  bool quantized = false;
  TrainOptions options;  // as recorded in the model file
  int64_t training_tokens = 0;
  int64_t training_lines = -1;     // -1: unknown (imported model)
  double training_seconds = -1;    // -1: unknown
  std::string source = "trained";  // "trained" or "imported from <path>"
};

nlohmann::json ModelInfoToJson(const ModelInfo& info);
// Errors: InvalidArgument naming the first missing or mistyped field.
absl::StatusOr<ModelInfo> ModelInfoFromJson(const nlohmann::json& json);

// What the caller knows about how the model was made.
struct ModelProvenance {
  int64_t created_at_unix = 0;  // the clock is the caller's, so tests are deterministic
  int64_t training_lines = -1;
  double training_seconds = -1;
  std::string source = "trained";
};

// Saves `model` as a new version under `models_dir` (created if missing) and returns its
// info. Saving the same model twice at the same time gives the same id; the second save
// finds the directory in place and returns AlreadyExists.
// Errors: Unavailable for I/O failures; AlreadyExists as above.
absl::StatusOr<ModelInfo> SaveModelVersion(const FastTextModel& model,
                                           const std::string& models_dir,
                                           const ModelProvenance& provenance);

// Reads <version_dir>/model.json. Errors: NotFound, InvalidArgument (bad JSON).
absl::StatusOr<ModelInfo> ReadModelInfo(const std::string& version_dir);

struct LoadedModel {
  ModelInfo info;
  std::shared_ptr<const FastTextModel> model;
};

// Verifies the model file's SHA-256 against model.json, then loads it.
// Errors: NotFound; DataLoss when the hash differs; InvalidArgument when fastText rejects it.
absl::StatusOr<LoadedModel> LoadModelVersion(const std::string& version_dir);

// Infos of every valid version under `models_dir`, oldest first (directories that are not
// versions are skipped). Errors: NotFound when `models_dir` does not exist.
absl::StatusOr<std::vector<ModelInfo>> ListModelVersions(const std::string& models_dir);

}  // namespace jobrec::embed
