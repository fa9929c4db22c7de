#include "coverage/suppressions.h"

#include <string>
#include <vector>

#include "coverage/registry.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<Suppressions> FromText(const std::string& text) {
  SuppressionList list;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &list));
  return Suppressions::FromList(list, "fixtures/suppressions/x.textproto",
                                AllRules());
}

Finding MakeFinding(const std::string& rule, const std::string& subject) {
  Finding finding;
  finding.set_rule(rule);
  finding.set_severity(ERROR);
  finding.add_subjects(subject);
  return finding;
}

TEST(SuppressionsTest, MatchingFindingIsSuppressedWithItsReason) {
  absl::StatusOr<Suppressions> suppressions = FromText(R"pb(
    suppressions {
      rule: "unconverted-parameter"
      pattern: "decoder\\.[0-9]+\\.mixer\\.query\\.bias"
      reason: "exported separately by the team's own script"
    }
  )pb");
  ASSERT_TRUE(suppressions.ok()) << suppressions.status();
  std::vector<Finding> findings = {
      MakeFinding("unconverted-parameter", "decoder.0.mixer.query.bias"),
      MakeFinding("unconverted-parameter", "decoder.0.mixer.dense.bias"),
      MakeFinding("phantom-parameter", "decoder.1.mixer.query.bias")};
  suppressions->Apply(&findings);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_TRUE(findings[0].suppressed());
  EXPECT_EQ(findings[0].suppression_reason(),
            "exported separately by the team's own script");
  EXPECT_FALSE(findings[1].suppressed());  // another parameter
  EXPECT_FALSE(findings[2].suppressed());  // another rule
}

TEST(SuppressionsTest, PatternMustMatchAWholeName) {
  absl::StatusOr<Suppressions> suppressions = FromText(R"pb(
    suppressions { rule: "phantom-parameter" pattern: "query" reason: "r" }
  )pb");
  ASSERT_TRUE(suppressions.ok());
  std::vector<Finding> findings = {
      MakeFinding("phantom-parameter", "decoder.0.mixer.query.weight")};
  suppressions->Apply(&findings);
  EXPECT_FALSE(findings[0].suppressed());
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[1].rule(), "stale-suppression");
}

TEST(SuppressionsTest, StaleSuppressionIsAnError) {
  absl::StatusOr<Suppressions> suppressions = FromText(R"pb(
    suppressions {
      rule: "unconverted-parameter"
      pattern: "head\\.final_norm\\.bias"
      reason: "LayerNorm bias folded into the next layer"
    }
  )pb");
  ASSERT_TRUE(suppressions.ok());
  std::vector<Finding> findings;
  suppressions->Apply(&findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule(), "stale-suppression");
  EXPECT_EQ(findings[0].severity(), ERROR);
  EXPECT_THAT(findings[0].subjects(),
              ::testing::ElementsAre("head\\.final_norm\\.bias"));
  EXPECT_EQ(findings[0].message(),
            "the suppression at fixtures/suppressions/x.textproto: "
            "suppressions[0] of "
            "unconverted-parameter for \"head\\.final_norm\\.bias\" (reason: "
            "LayerNorm bias folded into the next layer) matched nothing: the "
            "problem it excused is gone or the pattern is wrong. Delete it, or "
            "fix its pattern.");
}

TEST(SuppressionsTest, ReasonIsRequired) {
  absl::StatusOr<Suppressions> suppressions = FromText(R"pb(
    suppressions { rule: "unconverted-parameter" pattern: "x" reason: "  " }
  )pb");
  EXPECT_EQ(suppressions.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(suppressions.status().message(),
            "fixtures/suppressions/x.textproto: suppressions[0]: reason is "
            "required: say why this unconverted-parameter finding is "
            "acceptable");
}

TEST(SuppressionsTest, UnknownRuleAndBadPatternAreRejected) {
  EXPECT_THAT(
      std::string(
          FromText(R"pb(
            suppressions { rule: "unconverted" pattern: "x" reason: "r" }
          )pb")
              .status()
              .message()),
      HasSubstr("suppressions[0]: unknown rule \"unconverted\"; rules: "
                "checkpoint-name-produced-twice, "));
  EXPECT_THAT(
      std::string(
          FromText(R"pb(
            suppressions { rule: "phantom-parameter" pattern: "(" reason: "r" }
          )pb")
              .status()
              .message()),
      HasSubstr("pattern \"(\" is not a valid RE2 pattern: missing )"));
}

TEST(SuppressionsTest, SuppressedFindingsDoNotFailTheCheck) {
  CoverageReport report;
  Finding* finding = report.add_findings();
  *finding = MakeFinding("unconverted-parameter", "a");
  EXPECT_TRUE(HasErrors(report));
  finding->set_suppressed(true);
  EXPECT_FALSE(HasErrors(report));
}

}  // namespace
}  // namespace weightwalk
