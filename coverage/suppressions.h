// Suppressions: reviewed exceptions to the rules, as data.
//
// A suppressions file (`SuppressionList` textproto) lists {rule, RE2
// pattern over subject names, reason}. A finding of that rule with a
// subject the pattern fully matches is kept in the report, marked
// suppressed with the reason, and no longer fails the check. A suppression
// that matches nothing becomes a stale-suppression finding.
//
//   ASSIGN_OR_RETURN(Suppressions suppressions,
//                    Suppressions::Load({"fixtures/suppressions/x.textproto"},
//                                       AllRules()));
//   CoverageReport report = RunRules(context, &suppressions);
//
// Loading is strict: a malformed file, an unknown rule id, a pattern RE2
// cannot compile and an empty reason are InvalidArgumentError naming the
// file and the entry.
#ifndef WEIGHTWALK_COVERAGE_SUPPRESSIONS_H_
#define WEIGHTWALK_COVERAGE_SUPPRESSIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "coverage/finding.pb.h"
#include "coverage/rule.h"
#include "re2/re2.h"

namespace weightwalk {

class Suppressions {
 public:
  Suppressions() = default;
  Suppressions(Suppressions&&) = default;
  Suppressions& operator=(Suppressions&&) = default;

  // Reads and checks every file in `paths`; rule ids must be among `rules`.
  static absl::StatusOr<Suppressions> Load(
      const std::vector<std::string>& paths,
      const std::vector<const Rule*>& rules);

  // Checks `list`, read from `origin` (a file name, for messages).
  static absl::StatusOr<Suppressions> FromList(
      const SuppressionList& list, const std::string& origin,
      const std::vector<const Rule*>& rules);

  // Matches findings with the suppressions, remembering which entries
  // matched; one per thread, as a FindingSink's.
  class Matcher final : public SuppressionMatcher {
   public:
    explicit Matcher(const Suppressions& suppressions)
        : suppressions_(suppressions), used_(suppressions.size(), false) {}
    // The first entry of `rule` whose pattern fully matches a subject;
    // every entry that matches is marked used.
    const Suppression* Match(absl::string_view rule,
                             const std::vector<std::string>& subjects) override;
    const std::vector<bool>& used() const { return used_; }

   private:
    const Suppressions& suppressions_;
    std::vector<bool> used_;
  };

  // Appends a stale-suppression finding for each entry `used` (one flag
  // per entry, from the matchers) does not mark.
  void ReportStale(const std::vector<bool>& used,
                   std::vector<Finding>* findings) const;

  // Marks the findings a suppression matches, then appends a
  // stale-suppression finding for each suppression that matched none.
  void Apply(std::vector<Finding>* findings) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Suppression suppression;
    // Where it was written, for messages: "file:line:column" when loaded
    // from a file, else "origin: suppressions[i]".
    std::string origin;
    std::unique_ptr<RE2> pattern;
  };
  // `locations`, when not empty, holds each entry's "file:line:column".
  absl::Status Add(const SuppressionList& list, const std::string& origin,
                   const std::vector<std::string>& locations,
                   const std::vector<const Rule*>& rules);

  std::vector<Entry> entries_;
};

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_SUPPRESSIONS_H_
