// Writing a header-valid safetensors checkpoint: zero-filled tensors (as
// sparse files: only the headers take disk space) in shards of at most
// `shard_bytes` (a tensor larger than that gets a shard of
// its own), `model-0000k-of-0000n.safetensors`, plus
// `model.safetensors.index.json` and the given config.json text.
//
// The directory is built beside `directory` in a new directory of its own
// (mkdtemp, ".<name>.tmp.XXXXXX") and renamed into place at the end, so a
// failed run leaves nothing behind, and it removes nothing it did not
// create. SIGINT, SIGTERM and SIGHUP are held while it writes: one arriving
// mid-write removes the temporary directory and then ends the process.
// `directory` (trailing slashes allowed) must not exist, or be an empty
// directory.
#ifndef WEIGHTWALK_CHECKPOINT_WRITER_H_
#define WEIGHTWALK_CHECKPOINT_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "checkpoint/checkpoint_manifest.pb.h"

namespace weightwalk {

struct CheckpointToWrite {
  // Names and shapes, in the order to write them.
  std::vector<CheckpointTensor> tensors;
  std::string config_json;
  std::string dtype = "BF16";
  uint64_t shard_bytes = 4 * 1000 * 1000;
};

absl::Status WriteCheckpoint(const std::string& directory,
                             const CheckpointToWrite& checkpoint);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_WRITER_H_
