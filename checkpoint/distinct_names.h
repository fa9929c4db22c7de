// DistinctNames: finds a name given twice among the keys of a checkpoint's
// JSON, which the strict parser rejects.
#ifndef WEIGHTWALK_CHECKPOINT_DISTINCT_NAMES_H_
#define WEIGHTWALK_CHECKPOINT_DISTINCT_NAMES_H_

#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace weightwalk {

// Checkpoint JSON is usually written with sorted keys (transformers sorts
// an index's, the safetensors library a one-dtype header's): while each
// name sorts after the one before, none can repeat and nothing is hashed.
// Once the order breaks, the names so far and all after are hashed. The
// views must outlive this.
class DistinctNames {
 public:
  // False when `name` was added before.
  bool Add(std::string_view name) {
    if (seen_.empty()) {
      if (sorted_.empty() || sorted_.back() < name) {
        sorted_.push_back(name);
        return true;
      }
      seen_.insert(sorted_.begin(), sorted_.end());
      sorted_.clear();
    }
    return seen_.insert(name).second;
  }

 private:
  std::vector<std::string_view> sorted_;
  absl::flat_hash_set<std::string_view> seen_;
};

}  // namespace weightwalk

#endif  // WEIGHTWALK_CHECKPOINT_DISTINCT_NAMES_H_
