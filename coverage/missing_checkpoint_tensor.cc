#include "coverage/missing_checkpoint_tensor.h"

#include "absl/strings/str_cat.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  for (const CoverageContext::CheckpointSide& side :
       context.CheckpointSides()) {
    if (side.tensor != nullptr) continue;
    for (const CoverageContext::Producer& producer : side.producers) {
      if (context.NeverRuns(producer.leaf)) continue;
      const Tensor& output = *producer.output;
      sink.Report({output.name()}, [&] {
        return absl::StrCat(
            "the ",
            DescribeConverter(context.converters().converters(producer.leaf)),
            " needs ", output.name(),
            ", which the checkpoint does not have: import "
            "cannot fill the parameter. Check the "
            "checkpoint is complete and of this format.");
      });
    }
  }
}

}  // namespace

const Rule kMissingCheckpointTensor = {
    "missing-checkpoint-tensor", ERROR,
    "a checkpoint name a converter produces that the checkpoint lacks", &Check};

}  // namespace weightwalk
