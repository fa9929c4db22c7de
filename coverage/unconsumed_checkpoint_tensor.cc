#include "coverage/unconsumed_checkpoint_tensor.h"

#include "absl/strings/str_cat.h"
#include "checkpoint/shard.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  const std::string& format = context.converters().format();
  for (const CoverageContext::CheckpointSide& side :
       context.CheckpointSides()) {
    if (side.tensor == nullptr || !side.producers.empty()) continue;
    const CheckpointTensor& tensor = *side.tensor;
    sink.Report({tensor.name()}, [&] {
      const std::string& shard = ShardOf(*context.checkpoint(), tensor);
      return absl::StrCat(
          "checkpoint tensor ", tensor.name(),
          shard.empty() ? "" : absl::StrCat(" (in ", shard, ")"),
          " is produced by no converter of format \"", format,
          "\": no converter consumes it on import, so loading "
          "fails. Remove it from the checkpoint, or add a converter "
          "for it.");
    });
  }
}

}  // namespace

const Rule kUnconsumedCheckpointTensor = {
    "unconsumed-checkpoint-tensor", ERROR,
    "a checkpoint tensor that no leaf converter produces", &Check};

}  // namespace weightwalk
