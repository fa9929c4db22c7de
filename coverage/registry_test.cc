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
    if (rule->check == nullptr) continue;
    std::vector<Finding> findings;
    FindingSink sink(rule->id, rule->severity, &findings);
    rule->check(context, sink);
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
