#include "coverage/unimportable_exported_config.h"

#include "coverage/rule_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(UnimportableExportedConfigTest, ReportsTheImportError) {
  const std::vector<Finding> findings =
      RunRuleOnText(kUnimportableExportedConfig, "", R"pb(
        format: "apriel2_text"
        round_trip_checked: true
        round_trip_error: "decoder.block.mixer.stochastic.sampling_weights: "
                          "must be given for the weighted sampling strategy"
      )pb");
  ASSERT_THAT(Subjects(findings), ::testing::ElementsAre("config.json"));
  EXPECT_EQ(findings[0].rule(), "unimportable-exported-config");
  EXPECT_THAT(findings[0].message(),
              ::testing::StartsWith(
                  "the config.json that format \"apriel2_text\" exports for "
                  "this model does not import again: "
                  "decoder.block.mixer.stochastic.sampling_weights: must be "
                  "given"));
}

TEST(UnimportableExportedConfigTest, SilentWhenTheExportImports) {
  EXPECT_THAT(RunRuleOnText(kUnimportableExportedConfig, "",
                            "format: \"llama\" round_trip_checked: true"),
              ::testing::IsEmpty());
}

}  // namespace
}  // namespace weightwalk
