#include "checkpoint/simdjson_checks.h"

#include <string_view>

#include "absl/container/flat_hash_set.h"

namespace weightwalk {

bool AllKeysDistinct(const simdjson::dom::object& object) {
  std::string_view previous;
  bool sorted = true;
  absl::flat_hash_set<std::string_view> seen;
  for (const auto [key, value] : object) {
    if (sorted && previous < key) {
      previous = key;
      continue;
    }
    if (sorted) {  // Out of order: hash every key from here on.
      sorted = false;
      seen.reserve(object.size());
      for (const auto [before, unused] : object) {
        if (before.data() == key.data()) break;
        seen.insert(before);
      }
    }
    if (!seen.insert(key).second) return false;
  }
  return true;
}

bool StrictlyValid(const simdjson::dom::element& element, int depth,
                   int max_depth) {
  if (element.is_object()) {
    if (depth + 1 > max_depth) return false;
    const simdjson::dom::object object(element);
    if (!AllKeysDistinct(object)) return false;
    for (const auto [key, value] : object) {
      if (!StrictlyValid(value, depth + 1, max_depth)) return false;
    }
  } else if (element.is_array()) {
    if (depth + 1 > max_depth) return false;
    for (const simdjson::dom::element value : simdjson::dom::array(element)) {
      if (!StrictlyValid(value, depth + 1, max_depth)) return false;
    }
  }
  return true;
}

}  // namespace weightwalk
