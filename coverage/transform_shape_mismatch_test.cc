#include "coverage/transform_shape_mismatch.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TransformShapeMismatchTest, ReportsATransformThatCannotApply) {
  const std::vector<Finding> findings = RunRuleOnText(
      kTransformShapeMismatch, R"pb(parameters {
                                      name: "mlp.layer_1.weight"
                                      shape: [ 10, 4 ]
                                    })pb",
      R"pb(
        format: "mixtral"
        converters {
          fast_llm {
            name: "mlp.layer_1.weight"
            shape: [ 10, 4 ]
          }
          checkpoint { name: "a" }
          checkpoint { name: "b" }
          checkpoint { name: "c" }
          transform: SPLIT
          shape_error: "cannot split dim 0 of [10, 4] into 3 equal parts"
        }
      )pb");
  ASSERT_THAT(Subjects(findings), ElementsAre("mlp.layer_1.weight"));
  EXPECT_EQ(findings[0].message(),
            "the SPLIT converter mlp.layer_1.weight -> a, b, c cannot apply to "
            "the model's shapes: cannot split dim 0 of [10, 4] into 3 equal "
            "parts. Fix its transform or output names in converters/mixtral.");
}

TEST(TransformShapeMismatchTest, LeavesPhantomInputsToPhantomParameter) {
  EXPECT_THAT(
      RunRuleOnText(kTransformShapeMismatch, "", R"pb(
        converters {
          fast_llm { name: "nope.weight" }
          shape_error: "consumes nope.weight, which is not a model parameter"
        }
      )pb"),
      IsEmpty());
}

}  // namespace
}  // namespace weightwalk
