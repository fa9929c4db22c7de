// Did-you-mean over a fixed set of names, asked many times.
//
//   const NearestNames names({"decoder.0.mixer.query.weight",
//                             "decoder.1.mixer.query.weight"});
//   names.Nearest("decoder.1.mixer.querry.weight")
//       == {"decoder.1.mixer.query.weight"}
//
// Numeric path segments ("decoder.3.") compare as one placeholder, so a
// model's millions of names collapse to the few patterns its layers share:
// each question costs one edit distance per pattern, not per name. The
// name given back for a pattern is the one with the asked name's own
// indices when there is one.
#ifndef WEIGHTWALK_COVERAGE_NEAREST_NAMES_H_
#define WEIGHTWALK_COVERAGE_NEAREST_NAMES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace weightwalk {

class NearestNames {
 public:
  // The names must outlive this.
  explicit NearestNames(const std::vector<absl::string_view>& names);

  // The names nearest `name`, other than itself: those whose pattern is
  // nearest `name`'s, within max(2, its length / 8) edits. Sorted.
  std::vector<std::string> Nearest(absl::string_view name) const;

 private:
  struct Pattern {
    std::string text;
    // Its first two distinct names, so one other than the asked name can
    // always be given back.
    absl::string_view first;
    absl::string_view second;
  };
  std::vector<Pattern> patterns_;  // In order of first appearance.
  absl::flat_hash_map<std::string, size_t> pattern_of_text_;
  // "<pattern number>:<indices, comma-separated>" -> a name.
  absl::flat_hash_map<std::string, absl::string_view> by_indices_;
};

// `name` with each all-digit dot-separated segment replaced by "#", and
// the digits it replaced, in order.
std::string IndexPattern(absl::string_view name,
                         std::vector<absl::string_view>* indices = nullptr);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_NEAREST_NAMES_H_
