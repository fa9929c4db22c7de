#include "coverage/parameter_consumed_twice.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kParameters[] = R"pb(
  parameters {
    name: "a.weight"
    shape: [ 4 ]
  }
  parameters {
    name: "b.weight"
    shape: [ 4 ]
  }
)pb";

TEST(ParameterConsumedTwiceTest, ReportsASecondConsumer) {
  const std::vector<Finding> findings =
      RunRuleOnText(kParameterConsumedTwice, kParameters, R"pb(
        format: "llama"
        converters {
          fast_llm { name: "a.weight" }
          checkpoint { name: "x" }
          transform: RENAME
        }
        converters {
          fast_llm { name: "a.weight" }
          checkpoint { name: "y" }
          transform: RENAME
        }
        converters {
          fast_llm { name: "b.weight" }
          checkpoint { name: "z" }
        }
      )pb");
  ASSERT_THAT(Subjects(findings), ElementsAre("a.weight"));
  EXPECT_EQ(findings[0].message(),
            "a.weight is consumed by 2 converters (RENAME converter a.weight "
            "-> x; RENAME converter a.weight -> y): Fast-LLM keys its "
            "converters by their first name and would silently keep one. "
            "Keep exactly one converter for it in converters/llama.");
}

TEST(ParameterConsumedTwiceTest, SilentForOneConsumerEach) {
  EXPECT_THAT(RunRuleOnText(kParameterConsumedTwice, kParameters, R"pb(
                converters { fast_llm { name: "a.weight" } }
                converters { fast_llm { name: "b.weight" } }
              )pb"),
              IsEmpty());
}

}  // namespace
}  // namespace weightwalk
