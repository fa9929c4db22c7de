#include "coverage/registry.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

// A rule lists its first max_findings findings and counts every one;
// suppressions match all of them, listed or not.
TEST(RegistryTest, ListsTheFirstFindingsAndCountsAll) {
  ParameterManifest parameters;
  parameters.set_fixture("f");
  for (int i = 0; i < 3000; ++i) {
    Parameter& parameter = *parameters.add_parameters();
    parameter.set_name(absl::StrCat("p.", i));
    parameter.add_shape(1);
  }
  ConverterManifest converters;
  converters.set_format("x");
  SuppressionList list;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(suppressions {
             rule: "unconverted-parameter"
             pattern: "p[.]2999"
             reason: "the last one, never listed"
           })pb",
      &list));
  const absl::StatusOr<Suppressions> suppressions =
      Suppressions::FromList(list, "test", AllRules());
  ASSERT_TRUE(suppressions.ok()) << suppressions.status();
  const CoverageContext context(parameters, converters);

  const CoverageReport report = RunRules(context, &*suppressions, 10);
  ASSERT_EQ(report.findings_size(), 10);
  EXPECT_EQ(report.findings(0).subjects(0), "p.0");
  EXPECT_EQ(report.findings(9).subjects(0), "p.9");
  ASSERT_EQ(report.counts_size(), 1);  // No stale-suppression.
  EXPECT_EQ(report.counts(0).rule(), "unconverted-parameter");
  EXPECT_EQ(report.counts(0).findings(), 3000);
  EXPECT_EQ(report.counts(0).suppressed(), 1);
  EXPECT_EQ(report.counts(0).omitted(), 2990);
  EXPECT_TRUE(HasErrors(report));

  EXPECT_EQ(RunRules(context, &*suppressions).findings_size(),
            static_cast<int>(kDefaultMaxFindings));
  const CoverageReport all = RunRules(context, &*suppressions, 0);
  EXPECT_EQ(all.findings_size(), 3000);
  EXPECT_EQ(all.counts(0).omitted(), 0);
}

// HasErrors reads the counts: an error only counted still fails.
TEST(RegistryTest, AnErrorNotListedStillFails) {
  CoverageReport report;
  RuleCount& count = *report.add_counts();
  count.set_rule("unconverted-parameter");
  count.set_severity(ERROR);
  count.set_findings(2);
  count.set_suppressed(1);
  count.set_omitted(2);
  EXPECT_TRUE(HasErrors(report));
  count.set_suppressed(2);
  EXPECT_FALSE(HasErrors(report));
}

// A checkpoint large enough for RunRules to split the rules, and the shape
// rule's sides, between two threads: the same findings as each rule run
// whole, one after the other.
TEST(RegistryTest, ALargeCheckpointSplitGivesTheSameFindings) {
  ParameterManifest parameters;
  parameters.set_fixture("f");
  parameters.add_parameters()->set_name("w");
  ConverterManifest converters;
  converters.set_format("x");
  WeightConverter& split = *converters.add_converters();
  split.set_transform(SPLIT);
  split.add_fast_llm()->set_name("w");
  constexpr int kOutputs = 70000;
  CheckpointManifest checkpoint;
  for (int i = 0; i < kOutputs; ++i) {
    Tensor& output = *split.add_checkpoint();
    output.set_name(absl::StrCat("e.", i, ".w"));
    output.add_shape(2);
    if (i % 10000 == 7) continue;  // missing from the checkpoint
    CheckpointTensor& tensor = *checkpoint.add_tensors();
    tensor.set_name(output.name());
    // Wrong shapes at both ends and on both sides of the middle (70,001
    // sides: the halves meet at 35,000).
    const bool wrong = i == 0 || i == 34999 || i == 35000 || i == kOutputs - 1;
    tensor.add_shape(wrong ? 3 : 2);
    tensor.set_shape_known(true);
  }
  checkpoint.add_tensors()->set_name("extra.w");
  const CoverageContext context(parameters, converters, &checkpoint);
  ASSERT_GE(context.CheckpointSides().size(), 65536u);

  std::multiset<std::string> whole;
  for (const Rule* rule : AllRules()) {
    std::vector<Finding> findings;
    FindingSink sink(rule->id, rule->severity, &findings);
    RunRule(*rule, context, sink);
    for (const Finding& finding : findings) {
      whole.insert(finding.SerializeAsString());
    }
  }
  const CoverageReport report = RunRules(context);
  std::multiset<std::string> split_run;
  int shapes = 0;
  for (const Finding& finding : report.findings()) {
    split_run.insert(finding.SerializeAsString());
    if (finding.rule() == "checkpoint-shape-mismatch") ++shapes;
  }
  EXPECT_EQ(shapes, 4);
  EXPECT_EQ(split_run.size(), 4u + 7u + 1u);  // shapes, missing, unconsumed
  EXPECT_TRUE(split_run == whole);
}

}  // namespace
}  // namespace weightwalk
