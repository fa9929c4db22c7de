// Test helpers: run one rule over manifests written inline as text.
#ifndef WEIGHTWALK_COVERAGE_RULE_TESTING_H_
#define WEIGHTWALK_COVERAGE_RULE_TESTING_H_

#include <string>
#include <vector>

#include "coverage/finding.pb.h"
#include "coverage/rule.h"

namespace weightwalk {

// The findings of `rule` alone, for a ParameterManifest and a
// ConverterManifest given in text format. Aborts the test on a parse error.
std::vector<Finding> RunRuleOnText(const Rule& rule,
                                   const std::string& parameters,
                                   const std::string& converters);

// The subjects of each finding, joined with ",".
std::vector<std::string> Subjects(const std::vector<Finding>& findings);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_RULE_TESTING_H_
