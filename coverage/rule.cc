#include "coverage/rule.h"

#include <algorithm>
#include <utility>

namespace weightwalk {

void FindingSink::Report(std::vector<std::string> subjects, std::string message,
                         std::vector<std::string> did_you_mean,
                         std::string location) {
  Report(
      std::move(subjects), [&message] { return std::move(message); },
      [&did_you_mean] { return std::move(did_you_mean); },
      [&location] { return std::move(location); });
}

void FindingSink::Report(
    std::vector<std::string> subjects, absl::FunctionRef<std::string()> message,
    absl::FunctionRef<std::vector<std::string>()> did_you_mean,
    absl::FunctionRef<std::string()> location) {
  std::sort(subjects.begin(), subjects.end());
  // Every finding is matched, kept or not: a suppression is stale only if
  // it matched none of them.
  const Suppression* suppression = suppressions_ == nullptr
                                       ? nullptr
                                       : suppressions_->Match(rule_, subjects);
  ++counts_.findings;
  if (suppression != nullptr) ++counts_.suppressed;
  if (max_findings_ != 0 && kept_ >= max_findings_) return;
  ++kept_;
  Finding& finding = findings_->emplace_back();
  finding.set_rule(std::string(rule_));
  finding.set_severity(severity_);
  for (std::string& subject : subjects) {
    finding.add_subjects(std::move(subject));
  }
  finding.set_message(message());
  for (std::string& name : did_you_mean()) {
    finding.add_did_you_mean(std::move(name));
  }
  finding.set_location(location());
  if (suppression != nullptr) {
    finding.set_suppressed(true);
    finding.set_suppression_reason(suppression->reason());
  }
}

void RunRule(const Rule& rule, const CoverageContext& context,
             FindingSink& sink) {
  if (rule.check != nullptr) rule.check(context, sink);
  if (rule.check_sides != nullptr) {
    rule.check_sides(context, context.CheckpointSides(), sink);
  }
}

}  // namespace weightwalk
