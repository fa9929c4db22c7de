// unexported-architecture-field: a model-config field that decides
// parameters is not written by the format's config export, so a model
// exported and loaded back has different parameters (Llava's adapter size,
// say). Found by a config round trip when weightwalk converts the format's
// config.json.
#ifndef WEIGHTWALK_COVERAGE_UNEXPORTED_ARCHITECTURE_FIELD_H_
#define WEIGHTWALK_COVERAGE_UNEXPORTED_ARCHITECTURE_FIELD_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kUnexportedArchitectureField;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_UNEXPORTED_ARCHITECTURE_FIELD_H_
