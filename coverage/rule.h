// A coverage rule: one named check over a fixture's two manifests.
//
// Rules are small and independent, one per file with its own test, in the
// style of clang-tidy checks and buildifier warnings. Each has a stable
// kebab-case id, a severity, and a function that appends findings; every
// finding's message names its subjects and says what to do next.
//
//   // coverage/phantom_parameter.cc
//   const Rule kPhantomParameter = {
//       "phantom-parameter", ERROR,
//       "a converter consumes a name the model does not have",
//       &CheckPhantomParameters};
//
// Adding a rule is one file pair, one test and one line in
// coverage/registry.cc.
#ifndef WEIGHTWALK_COVERAGE_RULE_H_
#define WEIGHTWALK_COVERAGE_RULE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "coverage/context.h"
#include "coverage/finding.pb.h"

namespace weightwalk {

// Where a rule puts its findings. Rule id and severity are filled in from
// the rule, so a rule only states subjects and message.
class FindingSink {
 public:
  FindingSink(absl::string_view rule, Severity severity,
              std::vector<Finding>* findings)
      : rule_(rule), severity_(severity), findings_(findings) {}

  // One finding about `subjects` (sorted here), with `did_you_mean` names
  // from the other side, if any.
  void Report(std::vector<std::string> subjects, std::string message,
              std::vector<std::string> did_you_mean = {});

 private:
  absl::string_view rule_;
  Severity severity_;
  std::vector<Finding>* findings_;
};

struct Rule {
  // Stable kebab-case id, e.g. "unconverted-parameter".
  absl::string_view id;
  Severity severity;
  // One line: what the rule finds.
  absl::string_view summary;
  // Null for a rule reported by other means (stale-suppression).
  void (*check)(const CoverageContext& context, FindingSink& sink);
  // Optional, for a rule that walks CheckpointSides() and reads nothing
  // else in order: the same check over sides [begin, end) only, so that
  // RunRules can split a large checkpoint's sides between threads. `check`
  // must report exactly what this does over all the sides, in order.
  void (*check_sides)(const CoverageContext& context, size_t begin, size_t end,
                      FindingSink& sink) = nullptr;
};

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_RULE_H_
