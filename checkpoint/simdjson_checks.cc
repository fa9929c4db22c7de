#include "checkpoint/simdjson_checks.h"

#include <string_view>

#include "checkpoint/distinct_names.h"

namespace weightwalk {

bool AllKeysDistinct(const simdjson::dom::object& object) {
  DistinctNames names;
  for (const auto [key, value] : object) {
    if (!names.Add(key)) return false;
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
