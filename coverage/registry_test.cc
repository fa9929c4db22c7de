#include "coverage/registry.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(RegistryTest, IdsAreUniqueSortedKebabCase) {
  std::vector<std::string> ids;
  for (const Rule* rule : AllRules()) {
    ids.emplace_back(rule->id);
    EXPECT_THAT(ids.back(), ::testing::MatchesRegex("[a-z]+(-[a-z]+)*"));
    EXPECT_FALSE(rule->summary.empty()) << rule->id;
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(RegistryTest, RunsEveryRuleAndSortsFindings) {
  ParameterManifest parameters;
  ConverterManifest converters;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(fixture: "f"
           parameters {
             name: "b"
             shape: [ 1 ]
           }
           parameters {
             name: "a"
             shape: [ 1 ]
           })pb",
      &parameters));
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(format: "x"
           converters {
             fast_llm { name: "z" }
             checkpoint { name: "z" }
           })pb",
      &converters));
  const CoverageReport report =
      RunRules(CoverageContext(parameters, converters));
  EXPECT_EQ(report.fixture(), "f");
  EXPECT_EQ(report.format(), "x");
  ASSERT_EQ(report.findings_size(), 3);
  EXPECT_EQ(report.findings(0).rule(), "phantom-parameter");
  EXPECT_EQ(report.findings(1).subjects(0), "a");
  EXPECT_EQ(report.findings(2).subjects(0), "b");
  EXPECT_TRUE(HasErrors(report));
}

}  // namespace
}  // namespace weightwalk
