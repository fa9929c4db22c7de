// The parameter-consumed-twice rule, documented where it is written
// (parameter_consumed_twice.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_PARAMETER_CONSUMED_TWICE_H_
#define WEIGHTWALK_COVERAGE_PARAMETER_CONSUMED_TWICE_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kParameterConsumedTwice;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_PARAMETER_CONSUMED_TWICE_H_
