// unconsumed-checkpoint-tensor: a tensor in the checkpoint that no leaf
// converter produces. Fast-LLM has no ignore-on-import converter, so loading
// fails on it. Checked only by `weightwalk check`.
#ifndef WEIGHTWALK_COVERAGE_UNCONSUMED_CHECKPOINT_TENSOR_H_
#define WEIGHTWALK_COVERAGE_UNCONSUMED_CHECKPOINT_TENSOR_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnconsumedCheckpointTensor;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNCONSUMED_CHECKPOINT_TENSOR_H_
