#include "jobrec/llm/cost.h"

namespace jobrec::llm {

double CostUsd(const Usage& usage, const Pricing& pricing) {
  return (static_cast<double>(usage.input_tokens) * pricing.input_per_mtok +
          static_cast<double>(usage.output_tokens) * pricing.output_per_mtok) /
         1e6;
}

Usage EstimateUsage(const StructuredRequest& request, int max_output_tokens) {
  size_t chars = request.system.size() + request.reply.description.size() +
                 request.reply.schema.dump().size();
  for (const auto& message : request.messages) chars += message.content.size();
  return Usage{.input_tokens = static_cast<int64_t>((chars + 3) / 4),
               .output_tokens = max_output_tokens};
}

}  // namespace jobrec::llm
