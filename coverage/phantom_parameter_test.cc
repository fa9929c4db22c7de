#include "coverage/phantom_parameter.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kParameters[] = R"pb(
  parameters {
    name: "decoder.0.mixer.query.weight"
    shape: [ 4, 4 ]
  }
)pb";

TEST(PhantomParameterTest, ReportsANameTheModelDoesNotHave) {
  const std::vector<Finding> findings =
      RunRuleOnText(kPhantomParameter, kParameters, R"pb(
        format: "llama"
        converters {
          fast_llm { name: "decoder.0.mixer.query.weight" }
          checkpoint { name: "q.weight" }
          transform: RENAME
        }
        converters {
          fast_llm { name: "decoder.0.mixer.querry.weight" }
          checkpoint { name: "model.layers.0.self_attn.q_proj.weight" }
          transform: RENAME
        }
      )pb");
  ASSERT_THAT(Subjects(findings), ElementsAre("decoder.0.mixer.querry.weight"));
  EXPECT_EQ(findings[0].message(),
            "the RENAME converter decoder.0.mixer.querry.weight -> "
            "model.layers.0.self_attn.q_proj.weight consumes "
            "decoder.0.mixer.querry.weight, which the model does not have: "
            "the converter never runs (Fast-LLM's export writes nothing for "
            "it, and its weight-coverage test fails on it), and a checkpoint "
            "holding its outputs does not load, as import has no parameter "
            "to fill. In converters/llama, emit it only when the "
            "config creates decoder.0.mixer.querry.weight, or correct the "
            "name.");
}

TEST(PhantomParameterTest, OneFindingPerNameHoweverManyConsumers) {
  const std::vector<Finding> findings =
      RunRuleOnText(kPhantomParameter, kParameters, R"pb(
        format: "llama"
        converters {
          fast_llm { name: "x.bias" }
          checkpoint { name: "a" }
        }
        converters {
          fast_llm { name: "x.bias" }
          checkpoint { name: "b" }
        }
      )pb");
  ASSERT_THAT(Subjects(findings), ElementsAre("x.bias"));
  EXPECT_THAT(findings[0].message(),
              ::testing::HasSubstr("(1 more converters too)"));
}

TEST(PhantomParameterTest, SilentWhenEveryNameExists) {
  EXPECT_THAT(RunRuleOnText(kPhantomParameter, kParameters, R"pb(
                converters { fast_llm { name: "decoder.0.mixer.query.weight" } }
              )pb"),
              IsEmpty());
}

}  // namespace
}  // namespace weightwalk
