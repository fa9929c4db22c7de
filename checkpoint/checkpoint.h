// Reading a checkpoint directory's tensors: the weight index, and the
// headers of whichever safetensors shards are present.
//
//   * an index (model.safetensors.index.json, pytorch_model.bin.index.json,
//     or `index` when given) names every tensor and its shard; every
//     .safetensors file present (named by the index or not) has its header
//     read for shapes and dtypes, and the two are compared
//     (index_shard_mismatches);
//   * without an index, a single model.safetensors is read;
//   * an index whose shards are all absent (metadata only) gives names
//     without shapes.
//
// Tensor data is never read.
#ifndef WEIGHTWALK_CHECKPOINT_CHECKPOINT_H_
#define WEIGHTWALK_CHECKPOINT_CHECKPOINT_H_

#include <string>

#include "absl/status/statusor.h"
#include "checkpoint/checkpoint_manifest.pb.h"

namespace weightwalk {

absl::StatusOr<CheckpointManifest> ReadCheckpoint(
    const std::string& directory, const std::string& index = "");

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_CHECKPOINT_H_
