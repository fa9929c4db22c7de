// Levenshtein distance, for did-you-mean hints.
//
//   EditDistance("heds", "heads") == 1
#ifndef WEIGHTWALK_BASE_EDIT_DISTANCE_H_
#define WEIGHTWALK_BASE_EDIT_DISTANCE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace weightwalk {

// The number of single-byte insertions, deletions and substitutions that
// turn `a` into `b`.
size_t EditDistance(absl::string_view a, absl::string_view b);

// The candidates within `max_distance` of `name`, nearest first (ties in
// the candidates' order).
std::vector<std::string> NearestByEditDistance(
    absl::string_view name, const std::vector<std::string>& candidates,
    size_t max_distance);

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_EDIT_DISTANCE_H_
