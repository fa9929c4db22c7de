// parameter-consumed-twice: two or more leaf converters consume the same
// parameter. Fast-LLM keys its export map by each converter's first Fast-LLM
// name, so a duplicate silently replaces the earlier converter, and on
// import the parameter would be written twice.
#ifndef WEIGHTWALK_COVERAGE_PARAMETER_CONSUMED_TWICE_H_
#define WEIGHTWALK_COVERAGE_PARAMETER_CONSUMED_TWICE_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kParameterConsumedTwice;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_PARAMETER_CONSUMED_TWICE_H_
