// Issue 19: every fixture as Fast-LLM itself writes it, in three forms
// (as given, validated, and with every field), gives the textproto
// fixture's converter manifest and exported config.json. The parameters
// and resolved config are compared in model/fastllm_config_test.cc.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/test_arguments.h"
#include "converters/hf/hf_config.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tools/converter_pipeline.h"
#include "tools/pipeline.h"

namespace weightwalk {
namespace {

TEST(FastLlmConfigsTest, ConvertersAndExportedConfigEqualTheFixtures) {
  int agreed = 0;
  // Every fixture with a format (FIXTURES, fixtures/fixtures.bzl).
  const std::vector<std::string> fixtures = TestArguments();
  ASSERT_FALSE(fixtures.empty());
  for (const std::string& name : fixtures) {
    absl::StatusOr<FixtureModel> fixture =
        LoadFixtureModel(absl::StrCat("fixtures/", name, ".textproto"));
    ASSERT_TRUE(fixture.ok()) << fixture.status();
    absl::StatusOr<ConverterManifest> expected =
        BuildFixtureConverters(*fixture, "");
    ASSERT_TRUE(expected.ok()) << expected.status();
    absl::StatusOr<std::string> expected_config = ExportHfConfig(
        fixture->fixture.model, fixture->fixture.checkpoint_format);
    ASSERT_TRUE(expected_config.ok()) << expected_config.status();
    for (const char* variant : {"", ".expanded", ".everything"}) {
      const std::string path =
          absl::StrCat("fixtures/fastllm/", name, variant, ".yaml");
      SCOPED_TRACE(path);
      absl::StatusOr<FixtureModel> model = LoadFixtureModel(path);
      ASSERT_TRUE(model.ok()) << model.status();
      absl::StatusOr<ConverterManifest> converters =
          BuildFixtureConverters(*model, "");
      ASSERT_TRUE(converters.ok()) << converters.status();
      converters->set_fixture(expected->fixture());
      std::string difference;
      google::protobuf::util::MessageDifferencer differencer;
      differencer.ReportDifferencesToString(&difference);
      EXPECT_TRUE(differencer.Compare(*expected, *converters)) << difference;
      absl::StatusOr<std::string> config = ExportHfConfig(
          model->fixture.model, model->fixture.checkpoint_format);
      ASSERT_TRUE(config.ok()) << config.status();
      EXPECT_EQ(*config, *expected_config);
      ++agreed;
    }
  }
  EXPECT_EQ(agreed, 3 * fixtures.size());  // three files each
}

}  // namespace
}  // namespace weightwalk
