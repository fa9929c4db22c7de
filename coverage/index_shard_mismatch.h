// The index-shard-mismatch rule, documented where it is written
// (index_shard_mismatch.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_INDEX_SHARD_MISMATCH_H_
#define WEIGHTWALK_COVERAGE_INDEX_SHARD_MISMATCH_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kIndexShardMismatch;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_INDEX_SHARD_MISMATCH_H_
