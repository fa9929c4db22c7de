// tied-group-converted-twice: more than one member of a tied group is
// consumed by a converter. A tied weight is stored once (its main copy);
// converting another member writes the shared weight twice on export and
// imports it twice.
#ifndef WEIGHTWALK_COVERAGE_TIED_GROUP_CONVERTED_TWICE_H_
#define WEIGHTWALK_COVERAGE_TIED_GROUP_CONVERTED_TWICE_H_

#include "coverage/rule.h"

namespace weightwalk {

extern const Rule kTiedGroupConvertedTwice;

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_TIED_GROUP_CONVERTED_TWICE_H_
