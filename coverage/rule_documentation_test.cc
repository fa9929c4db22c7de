// The rule registry and coverage/rules.textproto name the same rules, in
// both directions (buildifier's warnings.textproto check).
#include <set>
#include <string>

#include "base/textproto.h"
#include "coverage/registry.h"
#include "coverage/rule_documentation.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(RuleDocumentationTest, EveryRegisteredRuleIsDocumentedAndViceVersa) {
  RuleDocumentationList documentation;
  ASSERT_TRUE(ReadTextProto("coverage/rules.textproto", &documentation).ok());
  std::set<std::string> documented, registered;
  for (const RuleDocumentation& rule : documentation.rules()) {
    EXPECT_TRUE(documented.insert(rule.id()).second) << rule.id() << " twice";
    EXPECT_FALSE(rule.summary().empty()) << rule.id();
    EXPECT_FALSE(rule.why().empty()) << rule.id();
    EXPECT_FALSE(rule.example().empty()) << rule.id();
    EXPECT_FALSE(rule.fix().empty()) << rule.id();
  }
  for (const Rule* rule : AllRules()) registered.emplace(rule->id);
  for (const std::string& id : registered) {
    EXPECT_TRUE(documented.count(id))
        << id << " is registered but has no "
        << "documentation in coverage/rules.textproto";
  }
  for (const std::string& id : documented) {
    EXPECT_TRUE(registered.count(id))
        << id << " is documented but not registered "
        << "in coverage/registry.cc";
  }
}

}  // namespace
}  // namespace weightwalk
