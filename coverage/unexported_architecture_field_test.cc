#include "coverage/unexported_architecture_field.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(UnexportedArchitectureFieldTest, ReportsEachLostParameter) {
  const std::vector<Finding> findings =
      RunRuleOnText(kUnexportedArchitectureField, "", R"pb(
        format: "llava"
        round_trip_checked: true
        round_trip_losses {
          parameter: "vision_encoder.adapter.layer_1.weight"
          change: "[512, 256] becomes [256, 256]"
        }
      )pb");
  ASSERT_THAT(Subjects(findings),
              ::testing::ElementsAre("vision_encoder.adapter.layer_1.weight"));
  EXPECT_THAT(
      findings[0].message(),
      ::testing::StartsWith("vision_encoder.adapter.layer_1.weight [512, "
                            "256] becomes [256, 256] when the config is "
                            "exported to format \"llava\""));
}

TEST(UnexportedArchitectureFieldTest, SilentWhenTheRoundTripKeepsEverything) {
  EXPECT_THAT(RunRuleOnText(kUnexportedArchitectureField, "",
                            "format: \"llama\" round_trip_checked: true"),
              ::testing::IsEmpty());
}

}  // namespace
}  // namespace weightwalk
