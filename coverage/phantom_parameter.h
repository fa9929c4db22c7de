// phantom-parameter: a leaf converter consumes a Fast-LLM name that the
// model does not have. Export fails on it, and import expects checkpoint
// tensors that no parameter takes.
//
// Reported once per phantom name, naming the first converter that consumes
// it.
#ifndef WEIGHTWALK_COVERAGE_PHANTOM_PARAMETER_H_
#define WEIGHTWALK_COVERAGE_PHANTOM_PARAMETER_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kPhantomParameter;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_PHANTOM_PARAMETER_H_
