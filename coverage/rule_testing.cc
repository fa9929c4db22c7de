#include "coverage/rule_testing.h"

#include "absl/strings/str_join.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace weightwalk {

std::vector<Finding> RunRuleOnText(const Rule& rule,
                                   const std::string& parameters,
                                   const std::string& converters) {
  ParameterManifest parameter_manifest;
  ConverterManifest converter_manifest;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      parameters, &parameter_manifest));
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      converters, &converter_manifest));
  CoverageContext context(parameter_manifest, converter_manifest);
  std::vector<Finding> findings;
  FindingSink sink(rule.id, rule.severity, &findings);
  RunRule(rule, context, sink);
  return findings;
}

std::vector<std::string> Subjects(const std::vector<Finding>& findings) {
  std::vector<std::string> subjects;
  for (const Finding& finding : findings) {
    subjects.push_back(absl::StrJoin(finding.subjects(), ","));
  }
  return subjects;
}

}  // namespace weightwalk
