#include "coverage/checkpoint_shape_mismatch.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/prefetch.h"
#include "checkpoint/shard.h"

namespace weightwalk {
namespace {

std::string Shape(const google::protobuf::RepeatedField<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

// Starts loading what comparing `side`'s shapes reads: its tensor and its
// producers' outputs (stage 0), then their shapes' elements (stage 1, once
// stage 0's loads are in). The checkpoint's tensors are in its own order
// (an index's is by name), not the sides', so without this each side waits
// for its misses one after the other.
void PrefetchShapes(const CoverageContext::CheckpointSide& side, int stage) {
  const CheckpointTensor* tensor = side.tensor;
  if (tensor == nullptr) return;
  if (stage == 0) {
    Prefetch(tensor);
    for (const CoverageContext::Producer& producer : side.producers) {
      Prefetch(producer.output);
    }
  } else if (tensor->shape_known()) {
    Prefetch(tensor->shape().data());
    for (const CoverageContext::Producer& producer : side.producers) {
      Prefetch(producer.output->shape().data());
    }
  }
}

void CheckSides(const CoverageContext& context, size_t begin, size_t end,
                FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  const std::vector<CoverageContext::CheckpointSide>& sides =
      context.CheckpointSides();
  constexpr size_t kAhead = 8;
  for (size_t i = begin; i < end; ++i) {
    if (i + 2 * kAhead < end) PrefetchShapes(sides[i + 2 * kAhead], 0);
    if (i + kAhead < end) PrefetchShapes(sides[i + kAhead], 1);
    const CoverageContext::CheckpointSide& side = sides[i];
    if (side.tensor == nullptr || !side.tensor->shape_known()) continue;
    const CheckpointTensor& tensor = *side.tensor;
    for (const CoverageContext::Producer& producer : side.producers) {
      const WeightConverter& converter =
          context.converters().converters(producer.leaf);
      if (!converter.shape_error().empty()) continue;
      const Tensor& output = *producer.output;
      if (std::equal(tensor.shape().begin(), tensor.shape().end(),
                     output.shape().begin(), output.shape().end())) {
        continue;
      }
      sink.Report({output.name()}, [&] {
        return absl::StrCat("checkpoint tensor ", output.name(), " (in ",
                            ShardOf(*context.checkpoint(), tensor), ") is ",
                            Shape(tensor.shape()), " but the ",
                            DescribeConverter(converter), " exports ",
                            Shape(output.shape()),
                            " from the model: the checkpoint and the config "
                            "disagree. Check config.json's sizes against "
                            "the checkpoint.");
      });
    }
  }
}

void Check(const CoverageContext& context, FindingSink& sink) {
  CheckSides(context, 0, context.CheckpointSides().size(), sink);
}

}  // namespace

const Rule kCheckpointShapeMismatch = {
    "checkpoint-shape-mismatch", ERROR,
    "a checkpoint tensor's shape differs from what its converter exports",
    &Check, &CheckSides};

}  // namespace weightwalk
