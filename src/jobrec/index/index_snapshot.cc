#include "jobrec/index/index_snapshot.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "jobrec/embed/content_hash.h"

namespace jobrec::index {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[] = "JRIDX001";
constexpr size_t kMagicSize = 8;
constexpr size_t kDigestSize = 64;
constexpr char kGraphFile[] = "index.hnsw";
constexpr char kMetaFile[] = "index.meta";

absl::Status Corrupt(const std::string& what) {
  return absl::DataLossError(absl::StrCat("index snapshot is corrupt: ", what));
}

void AppendU64(std::string* out, uint64_t v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(v));
}

nlohmann::json HeaderToJson(const SnapshotHeader& h) {
  return {{"format_version", h.format_version},
          {"model_version", h.model_version},
          {"dim", h.dim},
          {"live", h.live},
          {"slots", h.slots},
          {"m", h.m},
          {"ef_construction", h.ef_construction},
          {"graph_sha256", h.graph_sha256},
          {"created_at_unix", h.created_at_unix}};
}

absl::StatusOr<SnapshotHeader> HeaderFromJson(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Corrupt("header is not JSON");
  SnapshotHeader h;
  try {
    h.format_version = j.at("format_version").get<int>();
    h.model_version = j.at("model_version").get<std::string>();
    h.dim = j.at("dim").get<int>();
    h.live = j.at("live").get<size_t>();
    h.slots = j.at("slots").get<size_t>();
    h.m = j.at("m").get<size_t>();
    h.ef_construction = j.at("ef_construction").get<size_t>();
    h.graph_sha256 = j.at("graph_sha256").get<std::string>();
    h.created_at_unix = j.at("created_at_unix").get<int64_t>();
  } catch (const nlohmann::json::exception& e) {
    return Corrupt(absl::StrCat("header: ", e.what()));
  }
  return h;
}

absl::Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path.string()));
  return absl::OkStatus();
}

struct MetaContents {
  SnapshotHeader header;
  std::string body;
};

absl::StatusOr<MetaContents> ReadMeta(const std::string& dir) {
  const fs::path path = fs::path(dir) / kMetaFile;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrCat("no index snapshot in ", dir));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read ", path.string()));

  if (data.size() < kMagicSize + 2 * sizeof(uint64_t) + kDigestSize ||
      std::memcmp(data.data(), kMagic, kMagicSize) != 0) {
    return Corrupt("not a jobrec index snapshot");
  }
  size_t pos = kMagicSize;
  const auto read_section = [&](std::string_view* section) {
    uint64_t size;
    if (data.size() - pos < sizeof(size)) return false;
    std::memcpy(&size, data.data() + pos, sizeof(size));
    pos += sizeof(size);
    if (size > data.size() - pos) return false;
    *section = std::string_view(data).substr(pos, size);
    pos += size;
    return true;
  };
  std::string_view header_text, body;
  if (!read_section(&header_text) || !read_section(&body) || data.size() - pos != kDigestSize) {
    return Corrupt("section sizes");
  }
  const std::string_view digest = std::string_view(data).substr(pos);
  if (embed::Sha256Hex(std::string_view(data).substr(0, pos)) != digest) {
    return Corrupt("meta checksum mismatch");
  }
  JOBREC_ASSIGN_OR_RETURN(SnapshotHeader header, HeaderFromJson(header_text));
  return MetaContents{std::move(header), std::string(body)};
}

}  // namespace

absl::Status WriteSnapshot(const std::string& dir, const SnapshotHeader& header_in,
                           const HnswGraph& graph, const AttributeStore& attributes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("cannot create ", dir, ": ", ec.message()));
  const fs::path graph_tmp = fs::path(dir) / absl::StrCat(kGraphFile, ".tmp");
  const fs::path meta_tmp = fs::path(dir) / absl::StrCat(kMetaFile, ".tmp");

  JOBREC_RETURN_IF_ERROR(graph.Save(graph_tmp.string()));
  SnapshotHeader header = header_in;
  JOBREC_ASSIGN_OR_RETURN(header.graph_sha256, embed::Sha256OfFile(graph_tmp.string()));

  std::string meta(kMagic, kMagicSize);
  const std::string header_text = HeaderToJson(header).dump();
  AppendU64(&meta, header_text.size());
  meta += header_text;
  std::string body;
  attributes.Serialize(&body);
  AppendU64(&meta, body.size());
  meta += body;
  meta += embed::Sha256Hex(meta);
  JOBREC_RETURN_IF_ERROR(WriteFile(meta_tmp, meta));

  fs::rename(graph_tmp, fs::path(dir) / kGraphFile, ec);
  if (!ec) fs::rename(meta_tmp, fs::path(dir) / kMetaFile, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot move snapshot into ", dir, ": ", ec.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<SnapshotHeader> ReadSnapshotHeader(const std::string& dir) {
  JOBREC_ASSIGN_OR_RETURN(MetaContents meta, ReadMeta(dir));
  return meta.header;
}

absl::StatusOr<LoadedSnapshot> ReadSnapshot(const std::string& dir,
                                            const std::string& model_version, int dim) {
  JOBREC_ASSIGN_OR_RETURN(MetaContents meta, ReadMeta(dir));
  const SnapshotHeader& h = meta.header;
  if (h.format_version != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("index snapshot format ", h.format_version, " is not supported"));
  }
  if (h.model_version != model_version || h.dim != dim) {
    return absl::FailedPreconditionError(absl::StrCat(
        "index snapshot is stale: it was built for model ", h.model_version, " (dimension ", h.dim,
        "), the current model is ", model_version, " (dimension ", dim, ")"));
  }
  const std::string graph_path = (fs::path(dir) / kGraphFile).string();
  absl::StatusOr<std::string> sha = embed::Sha256OfFile(graph_path);
  if (!sha.ok()) return Corrupt(absl::StrCat("graph file: ", sha.status().message()));
  if (*sha != h.graph_sha256) return Corrupt("graph checksum mismatch");

  JOBREC_ASSIGN_OR_RETURN(AttributeStore attributes, AttributeStore::Deserialize(meta.body));
  JOBREC_ASSIGN_OR_RETURN(std::unique_ptr<HnswGraph> graph,
                          HnswGraph::Load(graph_path, dim, CapacityWithHeadroom(h.slots)));
  if (graph->slots() != h.slots || attributes.size() < h.slots ||
      graph->slots() - graph->deleted() != h.live) {
    return Corrupt("graph, attributes and header disagree on the number of postings");
  }
  return LoadedSnapshot{h, std::move(graph), std::move(attributes)};
}

}  // namespace jobrec::index
