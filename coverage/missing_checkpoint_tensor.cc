#include "coverage/missing_checkpoint_tensor.h"

#include "absl/strings/str_cat.h"

namespace weightwalk {
namespace {

void CheckSides(const CoverageContext& context,
                absl::Span<const CoverageContext::CheckpointSide> sides,
                FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  for (const CoverageContext::CheckpointSide& side : sides) {
    if (side.tensor != nullptr) continue;
    for (const CoverageContext::Producer& producer : side.producers) {
      if (context.NeverRuns(producer.leaf)) continue;
      const Tensor& output = *producer.output;
      sink.Report(
          {output.name()},
          [&] {
            return absl::StrCat(
                "the ",
                DescribeConverter(
                    context.converters().converters(producer.leaf)),
                " needs ", output.name(),
                ", which the checkpoint does not have: import "
                "cannot fill the parameter. Check the "
                "checkpoint is complete and of this format.");
          },
          [] { return std::vector<std::string>(); },
          [&] { return context.SourceOf(producer.leaf); });
    }
  }
}

}  // namespace

const Rule kMissingCheckpointTensor = {
    /*id=*/"missing-checkpoint-tensor",
    /*severity=*/ERROR,
    /*summary=*/
    "a checkpoint name a converter produces that the checkpoint lacks",
    /*why=*/
    "On import, the converter needs that tensor to fill its Fast-LLM "
    "parameter; Fast-LLM fails the load when a parameter stays "
    "unfilled.",
    /*fix=*/
    "Check the checkpoint is complete (every shard, the right index) "
    "and that its config matches it, e.g. tie_word_embeddings for a "
    "checkpoint without lm_head.weight.",
    /*check=*/nullptr,
    /*check_sides=*/&CheckSides};

}  // namespace weightwalk
