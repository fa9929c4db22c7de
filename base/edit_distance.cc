#include "base/edit_distance.h"

#include <algorithm>
#include <utility>

namespace weightwalk {

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> NearestByEditDistance(
    absl::string_view name, const std::vector<std::string>& candidates,
    size_t max_distance) {
  std::vector<std::pair<size_t, size_t>> close;  // (distance, index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    const size_t distance = EditDistance(name, candidates[i]);
    if (distance <= max_distance) close.emplace_back(distance, i);
  }
  std::stable_sort(close.begin(), close.end());
  std::vector<std::string> nearest;
  for (const auto& [distance, index] : close) {
    nearest.push_back(candidates[index]);
  }
  return nearest;
}

}  // namespace weightwalk
