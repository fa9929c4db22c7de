// checkpoint-name-produced-twice: two or more leaf converters produce the
// same checkpoint tensor name. Export fails on the second write (Fast-LLM
// asserts no output is produced twice), and Fast-LLM keys its import map by
// the first checkpoint name, silently keeping one converter.
#ifndef WEIGHTWALK_COVERAGE_CHECKPOINT_NAME_PRODUCED_TWICE_H_
#define WEIGHTWALK_COVERAGE_CHECKPOINT_NAME_PRODUCED_TWICE_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kCheckpointNameProducedTwice;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_CHECKPOINT_NAME_PRODUCED_TWICE_H_
