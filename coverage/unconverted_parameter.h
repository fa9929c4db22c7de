// unconverted-parameter: a parameter, or a whole tied group, that no leaf
// converter consumes. Its trained value is lost on export, and import cannot
// fill it.
//
// A tied group counts as converted when any member is consumed (Fast-LLM
// stores and exports only one copy of a tied weight), so it is reported once,
// with every member as a subject, only when no member is consumed.
#ifndef WEIGHTWALK_COVERAGE_UNCONVERTED_PARAMETER_H_
#define WEIGHTWALK_COVERAGE_UNCONVERTED_PARAMETER_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnconvertedParameter;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNCONVERTED_PARAMETER_H_
