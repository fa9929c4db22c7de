#include "coverage/checkpoint_shape_mismatch.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkpoint/shard.h"

namespace weightwalk {
namespace {

std::string Shape(const google::protobuf::RepeatedField<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  for (const CoverageContext::CheckpointSide& side :
       context.CheckpointSides()) {
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
      sink.Report({output.name()},
                  absl::StrCat("checkpoint tensor ", output.name(), " (in ",
                               ShardOf(*context.checkpoint(), tensor), ") is ",
                               Shape(tensor.shape()), " but the ",
                               DescribeConverter(converter), " exports ",
                               Shape(output.shape()),
                               " from the model: the checkpoint and the config "
                               "disagree. Check config.json's sizes against "
                               "the checkpoint."));
    }
  }
}

}  // namespace

const Rule kCheckpointShapeMismatch = {
    "checkpoint-shape-mismatch", ERROR,
    "a checkpoint tensor's shape differs from what its converter exports",
    &Check};

}  // namespace weightwalk
