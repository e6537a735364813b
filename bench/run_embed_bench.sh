#!/usr/bin/env bash
# Runs bench/embedder_bench and the Python baseline on the same model and texts, then prints
# the ratios ours / Python. Usage: bench/run_embed_bench.sh [BUILD_DIR] [embedder_bench flags]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-$ROOT/build}
shift || true
OUT=$(mktemp -d /tmp/jobrec-embed-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

"$BUILD_DIR/bench/embedder_bench" --out "$OUT" "$@"
echo
# One BLAS thread: the comparison is per core, like the C++ figures.
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 "$ROOT/bench/baseline_python_embed.py" "$OUT"
echo
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
d = sys.argv[1]
cpp = json.load(open(f"{d}/cpp_results.json"))
py = json.load(open(f"{d}/python_results.json"))
assert cpp["words"] == py["words"], "the two runs did not see the same texts"
print("ratio ours / python (same model, same texts, per core):")
for key, label in [("ours_warm_words_per_cpu_second", "embedding, preprocessed text"),
                   ("ours_with_preprocessing_words_per_cpu_second",
                    "embedding incl. our preprocessing")]:
    print(f"  {label:42s} {cpp[key] / py['python_words_per_cpu_second']:8.1f}x")
print(f"  {'fastText C++ getSentenceVector':42s} "
      f"{cpp['fasttext_words_per_cpu_second'] / py['python_words_per_cpu_second']:8.1f}x")
print(f"  {'recommendation latency p50 (python / ours)':42s} "
      f"{py['python_recommend_p50_ms'] / cpp['recommend_p50_ms']:8.1f}x")
print(f"  {'recommendation latency p99 (python / ours)':42s} "
      f"{py['python_recommend_p99_ms'] / cpp['recommend_p99_ms']:8.1f}x")
print(f"  {'embedding all postings (python / ours)':42s} "
      f"{py['python_embed_postings_seconds'] / cpp['embed_postings_seconds']:8.1f}x")
PY
