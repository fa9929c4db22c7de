#include "coverage/checkpoint_shape_mismatch.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkpoint/shard.h"

namespace weightwalk {
namespace {

std::string Shape(const google::protobuf::RepeatedField<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

void CheckSides(const CoverageContext& context,
                absl::Span<const CoverageContext::CheckpointSide> sides,
                FindingSink& sink) {
  for (const CoverageContext::CheckpointSide& side : sides) {
    if (side.tensor == nullptr || !side.tensor->shape_known()) continue;
    const CheckpointTensor& tensor = *side.tensor;
    for (const CoverageContext::Producer& producer : side.producers) {
      const Tensor& output = *producer.output;
      if (std::equal(tensor.shape().begin(), tensor.shape().end(),
                     output.shape().begin(), output.shape().end())) {
        continue;
      }
      const WeightConverter& converter =
          context.converters().converters(producer.leaf);
      // transform-shape-mismatch's finding: the output shape means nothing.
      if (!converter.shape_error().empty()) continue;
      sink.Report(
          {output.name()},
          [&] {
            return absl::StrCat(
                "checkpoint tensor ", output.name(), " (in ",
                ShardOf(*context.checkpoint(), tensor), ") is ",
                Shape(tensor.shape()), " but the ",
                DescribeConverter(converter), " exports ",
                Shape(output.shape()),
                " from the model: the checkpoint and the config "
                "disagree. Check config.json's sizes against "
                "the checkpoint.");
          },
          [] { return std::vector<std::string>(); },
          [&] { return context.SourceOf(producer.leaf); });
    }
  }
}

}  // namespace

const Rule kCheckpointShapeMismatch = {
    /*id=*/"checkpoint-shape-mismatch",
    /*severity=*/ERROR,
    /*summary=*/
    "a checkpoint tensor's shape differs from what its converter "
    "exports",
    /*why=*/
    "The config and the weights disagree (a wrong intermediate_size, "
    "head_dim or vocab_size, say): import would load a tensor of the "
    "wrong size, or fail deep inside the loader.",
    /*fix=*/
    "Correct config.json to the sizes the weights have (or re-export "
    "the weights); the finding names both shapes.",
    /*check=*/nullptr,
    /*check_sides=*/&CheckSides};

}  // namespace weightwalk
