// ShardOf: the shard file a checkpoint tensor is in, whichever way the
// manifest records it (see CheckpointTensor.shard).
#ifndef WEIGHTWALK_CHECKPOINT_SHARD_H_
#define WEIGHTWALK_CHECKPOINT_SHARD_H_

#include <string>

#include "checkpoint/checkpoint_manifest.pb.h"

namespace weightwalk {

// `tensor`'s own shard, or else the index shard its shard_index names in
// `shards` (CheckpointManifest.index_shards); empty when it has neither.
template <typename Shards>
const std::string& ShardOf(const Shards& shards,
                           const CheckpointTensor& tensor) {
  if (!tensor.shard().empty() || tensor.shard_index() < 0 ||
      tensor.shard_index() >= shards.size()) {
    return tensor.shard();
  }
  return shards[tensor.shard_index()];
}

inline const std::string& ShardOf(const CheckpointManifest& manifest,
                                  const CheckpointTensor& tensor) {
  return ShardOf(manifest.index_shards(), tensor);
}

// `file` in the checkpoint's directory ("ckpt/model.safetensors"), or
// `file` alone when the manifest names no directory; "" for no file.
inline std::string CheckpointPath(const CheckpointManifest& manifest,
                                  const std::string& file) {
  if (file.empty() || manifest.source().empty()) return file;
  return manifest.source() + (manifest.source().back() == '/' ? "" : "/") +
         file;
}

// The path of `tensor`'s shard file, for a finding's location.
inline std::string ShardPath(const CheckpointManifest& manifest,
                             const CheckpointTensor& tensor) {
  return CheckpointPath(manifest, ShardOf(manifest, tensor));
}

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_SHARD_H_
