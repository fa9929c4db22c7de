#include "coverage/index_shard_mismatch.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

// The rule reads a real checkpoint; without one it is silent. Its firing
// and silent cases with checkpoints are in coverage/testdata/rules/.
TEST(IndexShardMismatchTest, SilentWithoutACheckpoint) {
  EXPECT_THAT(RunRuleOnText(
                  kIndexShardMismatch, "parameters { name: \"a\" shape: [1] }",
                  "converters { checkpoint { name: \"x\" shape: [2] } }"),
              ::testing::IsEmpty());
}

}  // namespace
}  // namespace weightwalk
