#include "checkpoint/index_listing.h"

#include "absl/strings/str_cat.h"

namespace weightwalk {

std::string IndexListing(const absl::StatusOr<CheckpointTensors>& tensors) {
  if (!tensors.ok()) return tensors.status().ToString();
  std::string listing;
  for (const CheckpointTensor& tensor : *tensors) {
    absl::StrAppend(&listing, tensor.name(), " -> ", tensor.shard(), "\n");
  }
  return listing;
}

}  // namespace weightwalk
