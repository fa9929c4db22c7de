// index-shard-mismatch: the weight index and the safetensors shard headers
// disagree: the index names a tensor no read shard holds (or holds in
// another shard), or a shard holds a tensor the index does not list.
// Loaders trust one or the other, so the checkpoint loads differently
// depending on which. Checked by `weightwalk check` when shards are present.
#ifndef WEIGHTWALK_COVERAGE_INDEX_SHARD_MISMATCH_H_
#define WEIGHTWALK_COVERAGE_INDEX_SHARD_MISMATCH_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kIndexShardMismatch;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_INDEX_SHARD_MISMATCH_H_
