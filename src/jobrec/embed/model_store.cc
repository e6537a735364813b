#include "jobrec/embed/model_store.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "jobrec/embed/content_hash.h"

namespace jobrec::embed {
namespace {

namespace fs = std::filesystem;

constexpr char kInfoFile[] = "model.json";

std::string CompactUtc(int64_t unix_seconds) {
  const std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

nlohmann::json OptionsToJson(const TrainOptions& o) {
  return {{"dim", o.dim},
          {"epoch", o.epoch},
          {"min_count", o.min_count},
          {"minn", o.minn},
          {"maxn", o.maxn},
          {"threads", o.threads},
          {"bucket", o.bucket},
          {"lr", o.lr},
          {"window", o.window},
          {"negatives", o.negatives},
          {"sampling_threshold", o.sampling_threshold},
          {"seed", o.seed}};
}

// Reads json[key] into *out when present with the right type.
template <typename T>
absl::Status Field(const nlohmann::json& json, const char* key, T* out, bool required = true) {
  auto it = json.find(key);
  if (it == json.end()) {
    return required ? common::InvalidField(key, "missing") : absl::OkStatus();
  }
  try {
    *out = it->get<T>();
  } catch (const nlohmann::json::exception&) {
    return common::InvalidField(key, "has the wrong type");
  }
  return absl::OkStatus();
}

absl::StatusOr<TrainOptions> OptionsFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return common::InvalidField("options", "must be an object");
  TrainOptions o;
  JOBREC_RETURN_IF_ERROR(Field(json, "dim", &o.dim));
  JOBREC_RETURN_IF_ERROR(Field(json, "epoch", &o.epoch));
  JOBREC_RETURN_IF_ERROR(Field(json, "min_count", &o.min_count));
  JOBREC_RETURN_IF_ERROR(Field(json, "minn", &o.minn));
  JOBREC_RETURN_IF_ERROR(Field(json, "maxn", &o.maxn));
  JOBREC_RETURN_IF_ERROR(Field(json, "threads", &o.threads));
  JOBREC_RETURN_IF_ERROR(Field(json, "bucket", &o.bucket));
  JOBREC_RETURN_IF_ERROR(Field(json, "lr", &o.lr));
  JOBREC_RETURN_IF_ERROR(Field(json, "window", &o.window));
  JOBREC_RETURN_IF_ERROR(Field(json, "negatives", &o.negatives));
  JOBREC_RETURN_IF_ERROR(Field(json, "sampling_threshold", &o.sampling_threshold));
  JOBREC_RETURN_IF_ERROR(Field(json, "seed", &o.seed));
  return o;
}

}  // namespace

nlohmann::json ModelInfoToJson(const ModelInfo& info) {
  return {{"version_id", info.version_id},
          {"sha256", info.sha256},
          {"model_file", info.model_file},
          {"created_at_unix", info.created_at_unix},
          {"kind", info.kind},
          {"dim", info.dim},
          {"vocabulary_size", info.vocabulary_size},
          {"quantized", info.quantized},
          {"options", OptionsToJson(info.options)},
          {"training_tokens", info.training_tokens},
          {"training_lines", info.training_lines},
          {"training_seconds", info.training_seconds},
          {"source", info.source}};
}

absl::StatusOr<ModelInfo> ModelInfoFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return absl::InvalidArgumentError("model info must be a JSON object");
  ModelInfo info;
  JOBREC_RETURN_IF_ERROR(Field(json, "version_id", &info.version_id));
  JOBREC_RETURN_IF_ERROR(Field(json, "sha256", &info.sha256));
  JOBREC_RETURN_IF_ERROR(Field(json, "model_file", &info.model_file));
  JOBREC_RETURN_IF_ERROR(Field(json, "created_at_unix", &info.created_at_unix));
  JOBREC_RETURN_IF_ERROR(Field(json, "kind", &info.kind));
  JOBREC_RETURN_IF_ERROR(Field(json, "dim", &info.dim));
  JOBREC_RETURN_IF_ERROR(Field(json, "vocabulary_size", &info.vocabulary_size));
  JOBREC_RETURN_IF_ERROR(Field(json, "quantized", &info.quantized));
  auto options = json.find("options");
  if (options == json.end()) return common::InvalidField("options", "missing");
  JOBREC_ASSIGN_OR_RETURN(info.options, OptionsFromJson(*options));
  JOBREC_RETURN_IF_ERROR(Field(json, "training_tokens", &info.training_tokens));
  JOBREC_RETURN_IF_ERROR(Field(json, "training_lines", &info.training_lines, false));
  JOBREC_RETURN_IF_ERROR(Field(json, "training_seconds", &info.training_seconds, false));
  JOBREC_RETURN_IF_ERROR(Field(json, "source", &info.source, false));
  if (info.model_file.empty() || info.model_file.find('/') != std::string::npos) {
    return common::InvalidField("model_file", "must be a plain file name");
  }
  return info;
}

absl::StatusOr<ModelInfo> SaveModelVersion(const FastTextModel& model,
                                           const std::string& models_dir,
                                           const ModelProvenance& provenance) {
  std::error_code ec;
  fs::create_directories(models_dir, ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat("cannot create ", models_dir, ": ", ec.message()));
  std::random_device random;
  const fs::path tmp = fs::path(models_dir) / absl::StrCat(".tmp-", random(), random());
  fs::create_directory(tmp, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("cannot create ", tmp.string()));
  const auto cleanup = [&] { fs::remove_all(tmp, ec); };

  ModelInfo info;
  info.model_file = model.IsQuantized() ? "model.ftz" : "model.bin";
  const fs::path model_path = tmp / info.model_file;
  if (absl::Status st = model.Save(model_path.string()); !st.ok()) {
    cleanup();
    return st;
  }
  absl::StatusOr<std::string> sha = Sha256OfFile(model_path.string());
  if (!sha.ok()) {
    cleanup();
    return sha.status();
  }
  info.sha256 = *sha;
  info.created_at_unix = provenance.created_at_unix;
  info.version_id =
      absl::StrCat("ft-", CompactUtc(provenance.created_at_unix), "-", info.sha256.substr(0, 12));
  info.kind = ModelKindName(model.Kind());
  info.dim = model.Dimension();
  info.vocabulary_size = model.VocabularySize();
  info.quantized = model.IsQuantized();
  info.options = model.Options();
  info.training_tokens = model.TrainingTokens();
  info.training_lines = provenance.training_lines;
  info.training_seconds = provenance.training_seconds;
  info.source = provenance.source;

  {
    std::ofstream out(tmp / kInfoFile);
    out << ModelInfoToJson(info).dump(2) << "\n";
    out.flush();
    if (!out) {
      cleanup();
      return absl::UnavailableError(absl::StrCat("cannot write ", (tmp / kInfoFile).string()));
    }
  }
  const fs::path final_dir = fs::path(models_dir) / info.version_id;
  if (fs::exists(final_dir, ec)) {
    cleanup();
    return absl::AlreadyExistsError(
        absl::StrCat("model version ", info.version_id, " already exists"));
  }
  fs::rename(tmp, final_dir, ec);
  if (ec) {
    cleanup();
    return absl::UnavailableError(
        absl::StrCat("cannot move model into ", final_dir.string(), ": ", ec.message()));
  }
  return info;
}

absl::StatusOr<ModelInfo> ReadModelInfo(const std::string& version_dir) {
  const fs::path path = fs::path(version_dir) / kInfoFile;
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path.string(), " does not exist"));
  auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), " is not valid JSON"));
  }
  absl::StatusOr<ModelInfo> info = ModelInfoFromJson(json);
  if (!info.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), ": ", info.status().message()));
  }
  return info;
}

absl::StatusOr<LoadedModel> LoadModelVersion(const std::string& version_dir) {
  JOBREC_ASSIGN_OR_RETURN(ModelInfo info, ReadModelInfo(version_dir));
  const std::string model_path = (fs::path(version_dir) / info.model_file).string();
  JOBREC_ASSIGN_OR_RETURN(std::string sha, Sha256OfFile(model_path));
  if (sha != info.sha256) {
    return absl::DataLossError(absl::StrCat("model file ", model_path, " has SHA-256 ", sha,
                                            ", model.json says ", info.sha256));
  }
  JOBREC_ASSIGN_OR_RETURN(std::unique_ptr<FastTextModel> model, FastTextModel::Load(model_path));
  if (model->Dimension() != info.dim) {
    return absl::DataLossError(absl::StrCat("model ", info.version_id, " has dimension ",
                                            model->Dimension(), ", model.json says ", info.dim));
  }
  return LoadedModel{std::move(info), std::move(model)};
}

absl::StatusOr<std::vector<ModelInfo>> ListModelVersions(const std::string& models_dir) {
  std::error_code ec;
  if (!fs::is_directory(models_dir, ec)) {
    return absl::NotFoundError(absl::StrCat(models_dir, " is not a directory"));
  }
  std::vector<ModelInfo> infos;
  for (const fs::directory_entry& entry : fs::directory_iterator(models_dir, ec)) {
    if (!entry.is_directory() || entry.path().filename().string().starts_with(".")) continue;
    absl::StatusOr<ModelInfo> info = ReadModelInfo(entry.path().string());
    if (info.ok() && info->version_id == entry.path().filename().string()) {
      infos.push_back(*std::move(info));
    }
  }
  std::sort(infos.begin(), infos.end(), [](const ModelInfo& a, const ModelInfo& b) {
    return std::tie(a.created_at_unix, a.version_id) < std::tie(b.created_at_unix, b.version_id);
  });
  return infos;
}

}  // namespace jobrec::embed
