// Checks the fast (simdjson) parser tiers make so that they accept exactly
// what the strict parser (base/json.h) accepts. simdjson allows
// duplicate keys and any nesting; the strict parser allows neither.
#ifndef WEIGHTWALK_CHECKPOINT_SIMDJSON_CHECKS_H_
#define WEIGHTWALK_CHECKPOINT_SIMDJSON_CHECKS_H_

#include "simdjson.h"

namespace weightwalk {

// True when no key of `object` repeats (see DistinctNames).
bool AllKeysDistinct(const simdjson::dom::object& object);

// True when `element` (at nesting `depth`) and everything under it has
// distinct keys and nests at most `max_depth` deep.
bool StrictlyValid(const simdjson::dom::element& element, int depth,
                   int max_depth);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_SIMDJSON_CHECKS_H_
