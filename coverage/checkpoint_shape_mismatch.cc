#include "coverage/checkpoint_shape_mismatch.h"

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

std::string Shape(const google::protobuf::RepeatedField<int64_t>& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  absl::flat_hash_map<std::string, const CheckpointTensor*> tensors;
  for (const CheckpointTensor& tensor : context.checkpoint()->tensors()) {
    if (tensor.shape_known()) tensors.emplace(tensor.name(), &tensor);
  }
  for (const WeightConverter& converter : context.converters().converters()) {
    if (!converter.shape_error().empty()) continue;
    for (const Tensor& output : converter.checkpoint()) {
      const auto it = tensors.find(output.name());
      if (it == tensors.end()) continue;
      const CheckpointTensor& tensor = *it->second;
      if (std::equal(tensor.shape().begin(), tensor.shape().end(),
                     output.shape().begin(), output.shape().end())) {
        continue;
      }
      sink.Report({output.name()},
                  absl::StrCat("checkpoint tensor ", output.name(), " (in ",
                               tensor.shard(), ") is ", Shape(tensor.shape()),
                               " but the ", DescribeConverter(converter),
                               " exports ", Shape(output.shape()),
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
