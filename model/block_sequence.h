// The blocks of a resolved block sequence, position by position.
//
// Fast-LLM's `FixedBlockSequenceConfig` repeats one block `num_blocks` times;
// `PatternBlockSequenceConfig` repeats its `pattern` cyclically and truncates
// it to `num_blocks` (`expanded_pattern`). Both the parameter builder and the
// converters walk a decoder this way, so it lives here once.
#ifndef WEIGHTWALK_MODEL_BLOCK_SEQUENCE_H_
#define WEIGHTWALK_MODEL_BLOCK_SEQUENCE_H_

#include <vector>

#include "model/model_config.pb.h"

namespace weightwalk {

// The block config at each position 0..num_blocks-1. `sequence` must be
// resolved (see model/resolve.h); the pointers point into it.
std::vector<const DecoderBlockConfig*> ExpandBlocks(
    const BlockSequenceConfig& sequence);

// Fast-LLM's `last_block_config`: the config of the last position, which
// multi-token-prediction blocks copy. Requires `num_blocks > 0`.
const DecoderBlockConfig& LastBlockConfig(const BlockSequenceConfig& sequence);

}  // namespace weightwalk

#endif  // WEIGHTWALK_MODEL_BLOCK_SEQUENCE_H_
