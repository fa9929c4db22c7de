// A coverage rule: one named check over a fixture's two manifests (and a
// checkpoint's, when there is one).
//
// Rules are small and independent, one per file with its own test and
// cases, in the style of clang-tidy checks and ruff rules. A rule is one
// `Rule` value that carries its documentation (docs/RULES.md is generated
// from the registry) and its check:
//
//   // coverage/phantom_parameter.cc
//   const Rule kPhantomParameter = {
//       /*id=*/"phantom-parameter",
//       /*severity=*/ERROR,
//       /*summary=*/"a leaf converter consumes a name the model does not have",
//       /*why=*/"Fast-LLM runs a leaf only when all its inputs are there...",
//       /*fix=*/"Correct the name (see the did-you-mean), or ...",
//       /*check=*/&Check};
//
// A rule about checkpoint names one at a time sets `check_sides` instead
// of `check`, and the framework hands it the names in runs (RunRules
// prefetches the next run and splits a large checkpoint between threads; a
// rule never does either).
// Adding a rule is one file pair, one test, its cases under
// coverage/testdata/rules/<id>/ and one line in coverage/registry.cc;
// tools/new_rule.sh writes them.
#ifndef WEIGHTWALK_COVERAGE_RULE_H_
#define WEIGHTWALK_COVERAGE_RULE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "coverage/context.h"
#include "coverage/finding.pb.h"

namespace weightwalk {

// Decides which findings a reviewed suppression excuses
// (Suppressions::Matcher, coverage/suppressions.h).
class SuppressionMatcher {
 public:
  virtual ~SuppressionMatcher() = default;
  // The suppression of `rule` that excuses a finding about `subjects`, or
  // null.
  virtual const Suppression* Match(
      absl::string_view rule, const std::vector<std::string>& subjects) = 0;
};

// Where a rule puts its findings. Rule id and severity are filled in from
// the rule, so a rule only states subjects and message.
//
// A sink counts every finding but keeps only the first `max_findings` (0:
// all): a checkpoint can hold millions of problems, and a report of a
// million lines helps no one. A rule that may find many passes its message
// (and did-you-mean names) as a function, which runs only for a finding
// that is kept:
//
//   sink.Report({name}, [&] { return absl::StrCat(name, " is missing"); });
class FindingSink {
 public:
  // Every finding counted, whether or not it is kept.
  struct Counts {
    uint64_t findings = 0;
    uint64_t suppressed = 0;
  };

  // Keeps every finding, unsuppressed.
  FindingSink(absl::string_view rule, Severity severity,
              std::vector<Finding>* findings)
      : FindingSink(rule, severity, findings, nullptr, 0) {}
  // Matches each finding with `suppressions` (may be null) and keeps the
  // first `max_findings`.
  FindingSink(absl::string_view rule, Severity severity,
              std::vector<Finding>* findings, SuppressionMatcher* suppressions,
              size_t max_findings)
      : rule_(rule),
        severity_(severity),
        findings_(findings),
        suppressions_(suppressions),
        max_findings_(max_findings) {}

  // One finding about `subjects` (sorted here), with `did_you_mean` names
  // from the other side, if any, and where to fix it, if known
  // (Finding.location).
  void Report(std::vector<std::string> subjects, std::string message,
              std::vector<std::string> did_you_mean = {},
              std::string location = {});
  // The same, with message, names and location built only if the finding
  // is kept.
  void Report(
      std::vector<std::string> subjects,
      absl::FunctionRef<std::string()> message,
      absl::FunctionRef<std::vector<std::string>()> did_you_mean =
          [] { return std::vector<std::string>(); },
      absl::FunctionRef<std::string()> location = [] { return std::string(); });

  const Counts& counts() const { return counts_; }

 private:
  absl::string_view rule_;
  Severity severity_;
  std::vector<Finding>* findings_;
  SuppressionMatcher* suppressions_;
  size_t max_findings_;
  size_t kept_ = 0;
  Counts counts_;
};

struct Rule {
  // Stable kebab-case id, e.g. "unconverted-parameter".
  absl::string_view id;
  Severity severity;
  // One line, lower case: what the rule finds.
  absl::string_view summary;
  // Why it matters: what goes wrong on export or import.
  absl::string_view why;
  // How to fix what it finds.
  absl::string_view fix;
  // Checks the whole context. Null for a rule that checks sides, or one
  // reported by other means (stale-suppression).
  void (*check)(const CoverageContext& context, FindingSink& sink) = nullptr;
  // Checks checkpoint sides (names a converter produces or the checkpoint
  // holds, CoverageContext::CheckpointSides()), each on its own: called
  // with consecutive runs of them, in order, until every side is seen.
  void (*check_sides)(const CoverageContext& context,
                      absl::Span<const CoverageContext::CheckpointSide> sides,
                      FindingSink& sink) = nullptr;
};

// Runs `rule` over `context` on this thread: its check, or its check_sides
// over every side. RunRules (coverage/registry.h) is the way to
// run every rule; this is for running one.
void RunRule(const Rule& rule, const CoverageContext& context,
             FindingSink& sink);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_RULE_H_
