// The unexported-architecture-field rule, documented where it is written
// (unexported_architecture_field.cc; docs/RULES.md).
#ifndef WEIGHTWALK_COVERAGE_UNEXPORTED_ARCHITECTURE_FIELD_H_
#define WEIGHTWALK_COVERAGE_UNEXPORTED_ARCHITECTURE_FIELD_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnexportedArchitectureField;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNEXPORTED_ARCHITECTURE_FIELD_H_
