#include "coverage/unconverted_parameter.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kParameters[] = R"pb(
  parameters {
    name: "embeddings.word_embeddings_weight"
    shape: [ 8, 4 ]
    tied_group: "embeddings.word_embeddings_weight"
  }
  parameters {
    name: "decoder.0.norm_1.weight"
    shape: [ 4 ]
  }
  parameters {
    name: "head.output_weights"
    shape: [ 8, 4 ]
    tied_group: "embeddings.word_embeddings_weight"
  }
  parameters {
    name: "head.final_norm.weight"
    shape: [ 4 ]
  }
)pb";

TEST(UnconvertedParameterTest, ReportsEachParameterWithoutAConsumer) {
  const std::vector<Finding> findings =
      RunRuleOnText(kUnconvertedParameter, kParameters, R"pb(
        format: "llama"
        converters { fast_llm { name: "embeddings.word_embeddings_weight" } }
        converters { fast_llm { name: "head.final_norm.weight" } }
      )pb");
  ASSERT_THAT(Subjects(findings), ElementsAre("decoder.0.norm_1.weight"));
  EXPECT_EQ(findings[0].rule(), "unconverted-parameter");
  EXPECT_EQ(findings[0].severity(), ERROR);
  EXPECT_EQ(findings[0].message(),
            "decoder.0.norm_1.weight [4] has no converter in format \"llama\": "
            "its trained value is lost on export and import cannot fill it. "
            "Add a leaf converter for it to converters/llama.");
}

TEST(UnconvertedParameterTest, TiedGroupWithItsMainCopyConvertedIsCovered) {
  EXPECT_THAT(
      RunRuleOnText(kUnconvertedParameter, kParameters, R"pb(
        format: "llama"
        converters { fast_llm { name: "embeddings.word_embeddings_weight" } }
        converters { fast_llm { name: "decoder.0.norm_1.weight" } }
        converters { fast_llm { name: "head.final_norm.weight" } }
      )pb"),
      IsEmpty());
}

TEST(UnconvertedParameterTest, ConvertingOnlyATiedDuplicateLosesTheWeight) {
  // Fast-LLM stores the group under embeddings.word_embeddings_weight; the
  // converter of head.output_weights never runs.
  const std::vector<Finding> findings =
      RunRuleOnText(kUnconvertedParameter, kParameters, R"pb(
        format: "llama"
        converters { fast_llm { name: "head.output_weights" } }
        converters { fast_llm { name: "decoder.0.norm_1.weight" } }
        converters { fast_llm { name: "head.final_norm.weight" } }
      )pb");
  ASSERT_THAT(Subjects(findings),
              ElementsAre("embeddings.word_embeddings_weight,"
                          "head.output_weights"));
  EXPECT_THAT(findings[0].message(),
              ::testing::HasSubstr("the converter of head.output_weights "
                                   "never does, because Fast-LLM stores the "
                                   "group once"));
}

TEST(UnconvertedParameterTest, UnconvertedTiedGroupIsOneFinding) {
  const std::vector<Finding> findings =
      RunRuleOnText(kUnconvertedParameter, kParameters, R"pb(
        format: "llama"
        converters { fast_llm { name: "decoder.0.norm_1.weight" } }
        converters { fast_llm { name: "head.final_norm.weight" } }
      )pb");
  ASSERT_THAT(Subjects(findings),
              ElementsAre("embeddings.word_embeddings_weight,"
                          "head.output_weights"));
  EXPECT_THAT(
      findings[0].message(),
      ::testing::StartsWith("tied group embeddings.word_embeddings_weight "
                            "(embeddings.word_embeddings_weight, "
                            "head.output_weights) has no converter"));
}

}  // namespace
}  // namespace weightwalk
