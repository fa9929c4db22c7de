#include "coverage/unconsumed_checkpoint_tensor.h"

#include "absl/strings/str_cat.h"
#include "checkpoint/shard.h"

namespace weightwalk {
namespace {

void CheckSides(const CoverageContext& context,
                absl::Span<const CoverageContext::CheckpointSide> sides,
                FindingSink& sink) {
  for (const CoverageContext::CheckpointSide& side : sides) {
    if (side.tensor == nullptr || !side.producers.empty()) continue;
    const CheckpointTensor& tensor = *side.tensor;
    sink.Report(
        {tensor.name()},
        [&] {
          const std::string& shard = ShardOf(*context.checkpoint(), tensor);
          return absl::StrCat(
              "checkpoint tensor ", tensor.name(),
              shard.empty() ? "" : absl::StrCat(" (in ", shard, ")"),
              " is produced by no converter of format \"",
              context.converters().format(),
              "\": no converter consumes it on import, so loading "
              "fails. Remove it from the checkpoint, or add a converter "
              "for it.");
        },
        [] { return std::vector<std::string>(); },
        [&] { return ShardPath(*context.checkpoint(), tensor); });
  }
}

}  // namespace

const Rule kUnconsumedCheckpointTensor = {
    /*id=*/"unconsumed-checkpoint-tensor",
    /*severity=*/ERROR,
    /*summary=*/
    "a checkpoint tensor that no leaf converter produces",
    /*why=*/
    "Fast-LLM has no ignore-on-import converter: a tensor no converter "
    "consumes fails the load (e.g. bitsandbytes' .SCB and "
    ".weight_format tensors, or rotary_emb.inv_freq).",
    /*fix=*/
    "Remove the tensors from the checkpoint (dequantize first), or add "
    "a converter that consumes them.",
    /*check=*/nullptr,
    /*check_sides=*/&CheckSides};

}  // namespace weightwalk
