// The on-disk snapshot of a VectorIndex, so a restarted server does not re-embed and rebuild:
//   <dir>/index.hnsw  hnswlib's graph file (vectors, links, labels, deletion marks)
//   <dir>/index.meta  "JRIDX001", u64 header size, header JSON, u64 body size, body (the
//                     attribute store), then the SHA-256 (64 hex digits) of header + body.
// The header records the model version, dimension, counts, graph parameters and the graph
// file's SHA-256. Reading verifies both checksums before hnswlib sees a byte, so a corrupt or
// half-written snapshot is an error, never a crash; a snapshot of another model version or
// dimension is reported as stale. Either way the caller rebuilds from PostgreSQL.
//
// Writing goes to temporary files renamed into place, graph first and meta last: a crash in
// between leaves a meta whose graph checksum does not match (detected, rebuilt).
// Byte order is the machine's own; snapshots are local state, not an exchange format.
//
// Thread-safety: free functions; the caller keeps the graph and attributes from changing
// while WriteSnapshot runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "jobrec/common/status.h"
#include "jobrec/index/attribute_store.h"
#include "jobrec/index/hnsw_graph.h"
#include "jobrec/index/index_options.h"

namespace jobrec::index {

struct SnapshotHeader {
  int format_version = 1;
  std::string model_version;
  int dim = 0;
  size_t live = 0;   // searchable postings
  size_t slots = 0;  // graph elements including deleted ones
  size_t m = 0;
  size_t ef_construction = 0;
  std::string graph_sha256;
  int64_t created_at_unix = 0;
};

// Errors: Unavailable for I/O failures (the previous snapshot, if any, stays in place).
absl::Status WriteSnapshot(const std::string& dir, const SnapshotHeader& header,
                           const HnswGraph& graph, const AttributeStore& attributes);

struct LoadedSnapshot {
  SnapshotHeader header;
  std::unique_ptr<HnswGraph> graph;
  AttributeStore attributes;
};

// Reads and verifies the header only. Errors: NotFound; DataLoss (corrupt meta file).
absl::StatusOr<SnapshotHeader> ReadSnapshotHeader(const std::string& dir);

// Errors: NotFound when there is no snapshot; FailedPrecondition when it is stale (another
// model version or dimension); DataLoss when any part is corrupt or inconsistent.
// The graph gets CapacityWithHeadroom(postings) slots.
absl::StatusOr<LoadedSnapshot> ReadSnapshot(const std::string& dir,
                                            const std::string& model_version, int dim);

}  // namespace jobrec::index
