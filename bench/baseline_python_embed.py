#!/usr/bin/python3
"""The earlier version's embedding pipeline, as the baseline for bench/embedder_bench.

fastText's Python binding (Debian python3-fasttext) embeds each text with
model.get_sentence_vector, and a recommendation is numpy cosine similarity of the profile
vector against all posting vectors. Runs on the model and the preprocessed texts that
embedder_bench wrote, prints its numbers and writes python_results.json next to them.

Usage: /usr/bin/python3 bench/baseline_python_embed.py DIR
  DIR/model.bin, DIR/texts.txt (one text a line), DIR/postings.txt, DIR/queries.txt
"""
import json
import os
import sys
import time

import fasttext
import numpy as np


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    model = fasttext.load_model(os.path.join(directory, "model.bin"))
    texts = read_lines(os.path.join(directory, "texts.txt"))
    postings = read_lines(os.path.join(directory, "postings.txt"))
    queries = read_lines(os.path.join(directory, "queries.txt"))
    words = sum(len(t.split()) for t in texts)

    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        model.get_sentence_vector(text)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall

    start = time.perf_counter()
    matrix = np.array([model.get_sentence_vector(p) for p in postings], dtype=np.float32)
    embed_postings_seconds = time.perf_counter() - start
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1
    matrix /= norms[:, None]

    latencies = []
    for q in queries:
        start = time.perf_counter()
        v = model.get_sentence_vector(q)
        n = np.linalg.norm(v)
        scores = matrix @ (v / n if n > 0 else v)
        top = np.argpartition(-scores, 20)[:20]
        top = top[np.argsort(-scores[top])]
        latencies.append((time.perf_counter() - start) * 1e3)
    latencies.sort()

    def percentile(p):
        rank = max(1, int(np.ceil(p / 100 * len(latencies))))
        return latencies[rank - 1]

    results = {
        "words": words,
        "python_words_per_cpu_second": words / cpu,
        "python_words_per_wall_second": words / wall,
        "python_recommend_p50_ms": percentile(50),
        "python_recommend_p99_ms": percentile(99),
        "python_embed_postings_seconds": embed_postings_seconds,
    }
    print(f"python baseline: {words} words, {words / cpu:.0f} words per CPU-second "
          f"({words / wall:.0f} per wall second); embedding {len(postings)} postings "
          f"{embed_postings_seconds:.2f} s; recommendation over {len(postings)} postings, "
          f"{len(queries)} queries: p50 {percentile(50):.3f} ms, p99 {percentile(99):.3f} ms")
    with open(os.path.join(directory, "python_results.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
