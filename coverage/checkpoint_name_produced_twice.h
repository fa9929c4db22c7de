// The checkpoint-name-produced-twice rule, documented where it is written
// (checkpoint_name_produced_twice.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_CHECKPOINT_NAME_PRODUCED_TWICE_H_
#define WEIGHTWALK_COVERAGE_CHECKPOINT_NAME_PRODUCED_TWICE_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kCheckpointNameProducedTwice;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_CHECKPOINT_NAME_PRODUCED_TWICE_H_
