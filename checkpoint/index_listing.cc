#include "checkpoint/index_listing.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/shard.h"

namespace weightwalk {

std::string IndexListing(const absl::StatusOr<WeightIndex>& index) {
  if (!index.ok()) return index.status().ToString();
  std::string listing;
  for (const CheckpointTensor& tensor : index->tensors) {
    absl::StrAppend(&listing, tensor.name(), " -> ",
                    ShardOf(index->shards, tensor), "\n");
  }
  return listing;
}

std::string HeaderListing(
    const absl::StatusOr<std::vector<CheckpointTensor>>& tensors) {
  if (!tensors.ok()) return tensors.status().ToString();
  std::string listing;
  for (const CheckpointTensor& tensor : *tensors) {
    absl::StrAppend(&listing, tensor.name(), " ", DtypeName(tensor.dtype()),
                    " [", absl::StrJoin(tensor.shape(), ", "), "] ",
                    tensor.shard(),
                    tensor.shape_known() ? "" : " (shape unknown)", "\n");
  }
  return listing;
}

}  // namespace weightwalk
