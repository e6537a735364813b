// Token prices and the cost of a call. Prices come from configuration because providers
// differ and change them; the tokens come from each reply's usage.
#pragma once

#include "jobrec/llm/llm_client.h"

namespace jobrec::llm {

struct Pricing {
  double input_per_mtok = 0.0;   // USD per million input tokens
  double output_per_mtok = 0.0;  // USD per million output tokens
};

// USD cost of `usage` at `pricing`.
double CostUsd(const Usage& usage, const Pricing& pricing);

// An upper-bound guess of a request's usage before sending it: its text length / 4 as input
// tokens (the common rule of thumb for English with BPE tokenizers) and the full output limit.
Usage EstimateUsage(const StructuredRequest& request, int max_output_tokens);

}  // namespace jobrec::llm
