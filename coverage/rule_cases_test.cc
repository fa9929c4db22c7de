// Runs every case folder under coverage/testdata/rules/<rule-id>/<case>/:
// parameters.textproto and converters.textproto (and suppressions.textproto
// and checkpoint.textproto, if any) through every rule, and checks the report
// equals the case's expected.textproto exactly. Every registered rule must have
// a folder with a case where it fires and a case where it must not.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/textproto.h"
#include "coverage/registry.h"
#include "coverage/suppressions.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

constexpr char kCases[] = "coverage/testdata/rules";

struct Case {
  std::string rule;
  std::string directory;
};

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  for (const auto& rule : std::filesystem::directory_iterator(kCases)) {
    if (!rule.is_directory()) continue;
    for (const auto& folder :
         std::filesystem::directory_iterator(rule.path())) {
      if (folder.is_directory()) {
        cases.push_back(
            {rule.path().filename().string(), folder.path().string()});
      }
    }
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) {
    return a.directory < b.directory;
  });
  return cases;
}

TEST(RuleCasesTest, EveryCaseGivesExactlyItsExpectedFindings) {
  const std::vector<Case> cases = AllCases();
  ASSERT_FALSE(cases.empty());
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.directory);
    const std::string dir = test_case.directory + "/";
    ParameterManifest parameters;
    ConverterManifest converters;
    CoverageReport expected;
    ASSERT_TRUE(ReadTextProto(dir + "parameters.textproto", &parameters).ok());
    ASSERT_TRUE(ReadTextProto(dir + "converters.textproto", &converters).ok());
    ASSERT_TRUE(ReadTextProto(dir + "expected.textproto", &expected).ok());
    CheckpointManifest checkpoint;
    const bool has_checkpoint =
        std::filesystem::exists(dir + "checkpoint.textproto");
    if (has_checkpoint) {
      ASSERT_TRUE(
          ReadTextProto(dir + "checkpoint.textproto", &checkpoint).ok());
    }
    std::vector<std::string> suppression_files;
    if (std::filesystem::exists(dir + "suppressions.textproto")) {
      suppression_files.push_back(dir + "suppressions.textproto");
    }
    absl::StatusOr<Suppressions> suppressions =
        Suppressions::Load(suppression_files, AllRules());
    ASSERT_TRUE(suppressions.ok()) << suppressions.status();
    const CoverageReport actual =
        RunRules(CoverageContext(parameters, converters,
                                 has_checkpoint ? &checkpoint : nullptr),
                 &*suppressions);
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(expected, actual))
        << "expected:\n"
        << expected.DebugString() << "actual:\n"
        << actual.DebugString();
  }
}

TEST(RuleCasesTest, EveryRuleHasACaseWhereItFiresAndOneWhereItMustNot) {
  std::map<std::string, std::pair<int, int>> fires_and_silent;
  for (const Case& test_case : AllCases()) {
    CoverageReport expected;
    ASSERT_TRUE(
        ReadTextProto(test_case.directory + "/expected.textproto", &expected)
            .ok());
    bool fires = false;
    for (const Finding& finding : expected.findings()) {
      fires =
          fires || (finding.rule() == test_case.rule && !finding.suppressed());
    }
    (fires ? fires_and_silent[test_case.rule].first
           : fires_and_silent[test_case.rule].second)++;
  }
  for (const Rule* rule : AllRules()) {
    const std::string id(rule->id);
    EXPECT_GT(fires_and_silent[id].first, 0)
        << id << " has no case where it fires";
    EXPECT_GT(fires_and_silent[id].second, 0)
        << id << " has no case where it must not fire";
  }
}

}  // namespace
}  // namespace weightwalk
