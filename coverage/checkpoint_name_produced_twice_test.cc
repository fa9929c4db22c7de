#include "coverage/checkpoint_name_produced_twice.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CheckpointNameProducedTwiceTest, ReportsADuplicateOutput) {
  const std::vector<Finding> findings =
      RunRuleOnText(kCheckpointNameProducedTwice, "", R"pb(
        format: "mixtral"
        converters {
          fast_llm { name: "mlp.layer_1.weight" }
          checkpoint { name: "experts.0.w1.weight" }
          checkpoint { name: "experts.0.w1.weight" }
          transform: SPLIT
        }
        converters {
          fast_llm { name: "mlp.layer_2.weight" }
          checkpoint { name: "experts.0.w2.weight" }
        }
      )pb");
  ASSERT_THAT(Subjects(findings), ElementsAre("experts.0.w1.weight"));
  EXPECT_THAT(findings[0].message(),
              ::testing::StartsWith("checkpoint tensor experts.0.w1.weight is "
                                    "produced by 2 converters"));
}

TEST(CheckpointNameProducedTwiceTest, SilentForDistinctOutputs) {
  EXPECT_THAT(RunRuleOnText(kCheckpointNameProducedTwice, "", R"pb(
                converters {
                  checkpoint { name: "a" }
                  checkpoint { name: "b" }
                }
                converters { checkpoint { name: "c" } }
              )pb"),
              IsEmpty());
}

}  // namespace
}  // namespace weightwalk
