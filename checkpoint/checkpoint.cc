#include "checkpoint/checkpoint.h"

#include <filesystem>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "checkpoint/index.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/shard.h"
#include "tools/base/status_macros.h"

namespace weightwalk {

absl::StatusOr<CheckpointManifest> ReadCheckpoint(const std::string& directory,
                                                  const std::string& index) {
  namespace fs = std::filesystem;
  const fs::path root(directory);
  if (!fs::is_directory(root)) {
    return absl::InvalidArgumentError(
        absl::StrCat(directory, ": not a directory"));
  }
  CheckpointManifest manifest;
  manifest.set_source(directory);

  std::string index_path;
  if (!index.empty()) {
    index_path =
        fs::path(index).is_absolute() ? index : (root / index).string();
  } else {
    for (const char* name :
         {"model.safetensors.index.json", "pytorch_model.bin.index.json"}) {
      if (fs::exists(root / name)) {
        index_path = (root / name).string();
        break;
      }
    }
  }

  if (index_path.empty()) {
    const fs::path single = root / "model.safetensors";
    if (!fs::exists(single)) {
      return absl::InvalidArgumentError(absl::StrCat(
          directory,
          ": no weight index (model.safetensors.index.json or "
          "pytorch_model.bin.index.json) and no model.safetensors; pass "
          "--index=FILE"));
    }
    ASSIGN_OR_RETURN(std::vector<CheckpointTensor> tensors,
                     ReadSafetensorsHeader(single.string()));
    for (CheckpointTensor& tensor : tensors) {
      *manifest.add_tensors() = std::move(tensor);
    }
    manifest.add_shards_read("model.safetensors");
    return manifest;
  }

  ASSIGN_OR_RETURN(WeightIndex index_read, ReadWeightIndex(index_path));
  CheckpointTensors& tensors = index_read.tensors;
  // Read the header of every safetensors shard that is present: those the
  // index names and any other .safetensors file beside it.
  std::set<std::string> shards(index_read.shards.begin(),
                               index_read.shards.end());
  // What the directory holds answers "is this shard there?" without a stat
  // each (an index-only directory of 777 shards: 777 failed stats); the
  // index reader accepts only plain file names. entry.exists() follows
  // symlinks, as a stat would.
  absl::flat_hash_set<std::string> present;
  for (const auto& entry : fs::directory_iterator(root)) {
    std::string file = entry.path().filename().string();
    if (!absl::EndsWith(file, ".safetensors") || !entry.exists()) continue;
    if (entry.is_regular_file()) shards.insert(file);
    present.insert(std::move(file));
  }
  std::map<std::string, std::vector<CheckpointTensor>> headers;
  for (const std::string& shard : shards) {
    const fs::path path = root / shard;
    if (!absl::EndsWith(shard, ".safetensors") || !present.contains(shard)) {
      continue;
    }
    ASSIGN_OR_RETURN(headers[shard], ReadSafetensorsHeader(path.string()));
    manifest.add_shards_read(shard);
  }
  if (headers.empty()) {  // An index alone: nothing to compare.
    manifest.mutable_tensors()->Swap(&tensors);
    manifest.mutable_index_shards()->Swap(&index_read.shards);
    return manifest;
  }
  // Header tensors the index does not list, found first: the tensors are
  // then moved out of the headers.
  std::vector<IndexShardMismatch> unlisted;
  {
    absl::flat_hash_set<absl::string_view> in_index;
    in_index.reserve(static_cast<size_t>(tensors.size()));
    for (const CheckpointTensor& tensor : tensors) {
      in_index.insert(tensor.name());
    }
    for (const auto& [shard, header_tensors] : headers) {
      for (const CheckpointTensor& tensor : header_tensors) {
        if (in_index.contains(tensor.name())) continue;
        IndexShardMismatch& mismatch = unlisted.emplace_back();
        mismatch.set_tensor(tensor.name());
        mismatch.set_header_shard(shard);
      }
    }
  }
  // Where the headers put each tensor.
  absl::flat_hash_map<absl::string_view, CheckpointTensor*> in_headers;
  for (auto& [shard, header_tensors] : headers) {
    for (CheckpointTensor& tensor : header_tensors) {
      in_headers.emplace(tensor.name(), &tensor);
    }
  }
  manifest.mutable_tensors()->Reserve(tensors.size());
  for (CheckpointTensor& tensor : tensors) {
    const auto it = in_headers.find(tensor.name());
    const std::string& index_shard = ShardOf(index_read.shards, tensor);
    if (it != in_headers.end()) {
      // Its key views the name being moved: no lookup of it follows.
      tensor = std::move(*it->second);
      if (tensor.shard() != index_shard) {
        IndexShardMismatch* mismatch = manifest.add_index_shard_mismatches();
        mismatch->set_tensor(tensor.name());
        mismatch->set_index_shard(index_shard);
        mismatch->set_header_shard(tensor.shard());
      }
    } else {
      // Headers were read, but none holds this tensor.
      IndexShardMismatch* mismatch = manifest.add_index_shard_mismatches();
      mismatch->set_tensor(tensor.name());
      mismatch->set_index_shard(index_shard);
    }
    *manifest.add_tensors() = std::move(tensor);
  }
  // For the tensors no header holds, which keep their index shard.
  manifest.mutable_index_shards()->Swap(&index_read.shards);
  for (IndexShardMismatch& mismatch : unlisted) {
    *manifest.add_index_shard_mismatches() = std::move(mismatch);
  }
  return manifest;
}

}  // namespace weightwalk
