#include "coverage/tied_group_converted_twice.h"

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
    name: "head.output_weights"
    shape: [ 8, 4 ]
    tied_group: "embeddings.word_embeddings_weight"
  }
)pb";

TEST(TiedGroupConvertedTwiceTest, ReportsTwoConvertedMembers) {
  const std::vector<Finding> findings =
      RunRuleOnText(kTiedGroupConvertedTwice, kParameters, R"pb(
        format: "llava"
        converters { fast_llm { name: "embeddings.word_embeddings_weight" } }
        converters { fast_llm { name: "head.output_weights" } }
      )pb");
  ASSERT_THAT(Subjects(findings),
              ElementsAre("embeddings.word_embeddings_weight,"
                          "head.output_weights"));
  EXPECT_THAT(findings[0].message(),
              ::testing::HasSubstr("the shared weight would be written twice"));
}

// The must-not-fire case: exactly one member converted.
TEST(TiedGroupConvertedTwiceTest, SilentForOneConvertedMember) {
  EXPECT_THAT(
      RunRuleOnText(kTiedGroupConvertedTwice, kParameters, R"pb(
        converters { fast_llm { name: "embeddings.word_embeddings_weight" } }
      )pb"),
      IsEmpty());
}

}  // namespace
}  // namespace weightwalk
