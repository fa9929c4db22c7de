#include "coverage/nearest_names.h"

#include <algorithm>
#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/edit_distance.h"

namespace weightwalk {
namespace {

std::string IndicesKey(size_t pattern,
                       const std::vector<absl::string_view>& indices) {
  return absl::StrCat(pattern, ":", absl::StrJoin(indices, ","));
}

}  // namespace

std::string IndexPattern(absl::string_view name,
                         std::vector<absl::string_view>* indices) {
  std::vector<absl::string_view> segments = absl::StrSplit(name, '.');
  for (absl::string_view& segment : segments) {
    if (!segment.empty() &&
        std::all_of(segment.begin(), segment.end(), absl::ascii_isdigit)) {
      if (indices != nullptr) indices->push_back(segment);
      segment = "#";
    }
  }
  return absl::StrJoin(segments, ".");
}

NearestNames::NearestNames(const std::vector<absl::string_view>& names) {
  for (const absl::string_view name : names) {
    std::vector<absl::string_view> indices;
    std::string text = IndexPattern(name, &indices);
    const auto [it, inserted] =
        pattern_of_text_.try_emplace(std::move(text), patterns_.size());
    if (inserted) patterns_.push_back({it->first, name, {}});
    Pattern& pattern = patterns_[it->second];
    if (pattern.second.empty() && name != pattern.first) {
      pattern.second = name;
    }
    by_indices_.try_emplace(IndicesKey(it->second, indices), name);
  }
}

std::vector<std::string> NearestNames::Nearest(absl::string_view name) const {
  std::vector<absl::string_view> indices;
  const std::string text = IndexPattern(name, &indices);
  // Close means a typo: at most an eighth of the name, or 2 edits.
  const size_t threshold = std::max<size_t>(2, text.size() / 8);
  size_t best = threshold + 1;
  std::vector<size_t> nearest;
  for (size_t i = 0; i < patterns_.size(); ++i) {
    const Pattern& pattern = patterns_[i];
    // A pattern whose only name is `name` offers nothing.
    if (pattern.first == name && pattern.second.empty()) continue;
    const std::string& candidate = pattern.text;
    // The distance is at least the difference in length.
    const size_t longer = std::max(candidate.size(), text.size());
    const size_t shorter = std::min(candidate.size(), text.size());
    if (longer - shorter > best) continue;
    const size_t distance = EditDistance(text, candidate);
    if (distance > best) continue;
    if (distance < best) {
      best = distance;
      nearest.clear();
    }
    nearest.push_back(i);
  }
  std::vector<std::string> names;
  for (const size_t i : nearest) {
    const Pattern& pattern = patterns_[i];
    const auto same_indices = by_indices_.find(IndicesKey(i, indices));
    absl::string_view chosen;
    if (same_indices != by_indices_.end() && same_indices->second != name) {
      chosen = same_indices->second;
    } else {
      chosen = pattern.first != name ? pattern.first : pattern.second;
    }
    if (!chosen.empty()) names.emplace_back(chosen);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace weightwalk
