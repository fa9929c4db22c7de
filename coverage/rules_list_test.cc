// The RULES list in coverage/BUILD.bazel (each rule's library and test) and
// the registry (coverage/registry.cc) name the same rules, and every rule
// carries its documentation.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "coverage/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(RulesListTest, TheBuildListAndTheRegistryAgree) {
  std::vector<std::string> built = {
#include "coverage/rules_list.inc"
  };
  // Reported when suppressions are applied, so built on its own.
  built.push_back("stale_suppression");
  std::sort(built.begin(), built.end());
  std::vector<std::string> registered;
  for (const Rule* rule : AllRules()) {
    registered.push_back(absl::StrReplaceAll(rule->id, {{"-", "_"}}));
  }
  EXPECT_THAT(registered, ::testing::ElementsAreArray(built))
      << "add the rule to RULES in coverage/BUILD.bazel and to AllRules() "
         "in coverage/registry.cc";
}

TEST(RulesListTest, EveryRuleIsDocumentedWhereItIsWritten) {
  for (const Rule* rule : AllRules()) {
    SCOPED_TRACE(std::string(rule->id));
    EXPECT_FALSE(rule->summary.empty());
    EXPECT_TRUE(absl::ascii_islower(rule->summary.front()));
    EXPECT_NE(rule->summary.back(), '.');
    EXPECT_FALSE(rule->why.empty());
    EXPECT_FALSE(rule->fix.empty());
    EXPECT_TRUE(rule->check != nullptr || rule->check_sides != nullptr ||
                rule->id == "stale-suppression");
  }
}

}  // namespace
}  // namespace weightwalk
