// missing-checkpoint-tensor: a checkpoint name a leaf converter produces
// that the checkpoint does not have, so import cannot fill the Fast-LLM
// parameter it comes from. Checked only by `weightwalk check`.
#ifndef WEIGHTWALK_COVERAGE_MISSING_CHECKPOINT_TENSOR_H_
#define WEIGHTWALK_COVERAGE_MISSING_CHECKPOINT_TENSOR_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kMissingCheckpointTensor;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_MISSING_CHECKPOINT_TENSOR_H_
