#include "coverage/unknown_config_key.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

// The rule reads a real checkpoint; without one it is silent. Its firing
// and silent cases with checkpoints are in coverage/testdata/rules/.
TEST(UnknownConfigKeyTest, SilentWithoutACheckpoint) {
  EXPECT_THAT(
      RunRuleOnText(kUnknownConfigKey, "parameters { name: \"a\" shape: [1] }",
                    "converters { checkpoint { name: \"x\" } }"),
      ::testing::IsEmpty());
}

}  // namespace
}  // namespace weightwalk
