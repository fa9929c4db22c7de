// The phantom-parameter rule, documented where it is written
// (phantom_parameter.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_PHANTOM_PARAMETER_H_
#define WEIGHTWALK_COVERAGE_PHANTOM_PARAMETER_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kPhantomParameter;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_PHANTOM_PARAMETER_H_
