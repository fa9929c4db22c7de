#include "coverage/rule.h"

#include <algorithm>

namespace weightwalk {

void FindingSink::Report(std::vector<std::string> subjects, std::string message,
                         std::vector<std::string> did_you_mean) {
  std::sort(subjects.begin(), subjects.end());
  Finding& finding = findings_->emplace_back();
  finding.set_rule(std::string(rule_));
  finding.set_severity(severity_);
  for (std::string& subject : subjects) {
    finding.add_subjects(std::move(subject));
  }
  finding.set_message(std::move(message));
  for (std::string& name : did_you_mean) {
    finding.add_did_you_mean(std::move(name));
  }
}

}  // namespace weightwalk
