// The unconverted-parameter rule, documented where it is written
// (unconverted_parameter.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_UNCONVERTED_PARAMETER_H_
#define WEIGHTWALK_COVERAGE_UNCONVERTED_PARAMETER_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnconvertedParameter;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNCONVERTED_PARAMETER_H_
