#include "coverage/report.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

// A 32-layer model whose converters miss mixer.query.bias on every layer,
// and name one parameter with a typo.
CoverageReport ThirtyTwoLayerReport() {
  ParameterManifest parameters;
  ConverterManifest converters;
  parameters.set_fixture("big");
  converters.set_format("llama");
  for (int i = 0; i < 32; ++i) {
    for (const char* name : {"mixer.query.weight", "mixer.query.bias"}) {
      Parameter* parameter = parameters.add_parameters();
      parameter->set_name(absl::StrCat("decoder.", i, ".", name));
      parameter->add_shape(256);
    }
    WeightConverter* converter = converters.add_converters();
    converter->set_transform(RENAME);
    converter->add_fast_llm()->set_name(
        absl::StrCat("decoder.", i, ".mixer.query.weight"));
    converter->add_checkpoint()->set_name(
        absl::StrCat("model.layers.", i, ".self_attn.q_proj.weight"));
  }
  // A converter with a misspelt name.
  WeightConverter* typo = converters.add_converters();
  typo->set_transform(RENAME);
  typo->add_fast_llm()->set_name("decoder.3.mixer.querry.weight");
  typo->add_checkpoint()->set_name("model.layers.3.self_attn.q_proj.weight_x");
  return RunRules(CoverageContext(parameters, converters));
}

TEST(ReportTest, ThirtyTwoLayersPrintOneGroupedLine) {
  const std::string text = RenderText(ThirtyTwoLayerReport());
  EXPECT_THAT(text, HasSubstr("big (format llama): 33 findings\n"));
  EXPECT_THAT(
      text, HasSubstr("error: unconverted-parameter: "
                      "decoder.{0..31}.mixer.query.bias [256] has no "
                      "converter in format \"llama\": its trained value is "
                      "lost on export and import cannot fill it. Add a leaf "
                      "converter for it to converters/llama. (32 findings)\n"));
  // One line for the 32, one for the typo, plus did-you-mean and header.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
}

TEST(ReportTest, MisspeltConverterNameGetsDidYouMean) {
  const CoverageReport report = ThirtyTwoLayerReport();
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("error: phantom-parameter: the RENAME converter "
                              "decoder.3.mixer.querry.weight"));
  EXPECT_THAT(text,
              HasSubstr("  did you mean: decoder.3.mixer.query.weight\n"));
}

TEST(ReportTest, IndexSets) {
  EXPECT_EQ(FormatIndexSet({3}), "3");
  EXPECT_EQ(FormatIndexSet({3, 1, 2, 0}), "{0..3}");
  EXPECT_EQ(FormatIndexSet({0, 2, 5, 6, 7, 9, 10}), "{0,2,5..7,9,10}");
}

TEST(ReportTest, MarkdownIsATable) {
  const std::string markdown = RenderMarkdown(ThirtyTwoLayerReport());
  EXPECT_THAT(markdown,
              HasSubstr("### weightwalk: big (format llama): 33 findings\n"));
  EXPECT_THAT(markdown,
              HasSubstr("| severity | rule | subjects | what to do |"));
  EXPECT_THAT(markdown,
              HasSubstr("| error | `unconverted-parameter` | "
                        "`decoder.{0..31}.mixer.query.bias` (32 findings) |"));
  EXPECT_THAT(markdown,
              HasSubstr("Did you mean `decoder.3.mixer.query.weight`?"));
}

TEST(ReportTest, JsonKeepsEveryFinding) {
  const std::string json = RenderJson(ThirtyTwoLayerReport());
  EXPECT_THAT(json, HasSubstr("\"rule\": \"unconverted-parameter\""));
  EXPECT_THAT(json, HasSubstr("\"did_you_mean\": ["));
  size_t count = 0;
  for (size_t at = json.find("\"rule\""); at != std::string::npos;
       at = json.find("\"rule\"", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 33u);
}

TEST(ReportTest, SuppressedFindingsShowTheirReason) {
  CoverageReport report;
  report.set_fixture("f");
  report.set_format("x");
  Finding* finding = report.add_findings();
  finding->set_rule("unconverted-parameter");
  finding->set_severity(ERROR);
  finding->add_subjects("a");
  finding->set_message("a has no converter.");
  finding->set_suppressed(true);
  finding->set_suppression_reason("exported by hand");
  EXPECT_EQ(RenderText(report),
            "f (format x): 1 finding (1 suppressed)\n"
            "suppressed: unconverted-parameter: a has no converter.\n"
            "  suppressed because: exported by hand\n");
}

TEST(ReportTest, OutputFormatNames) {
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("yaml").status().message(),
            "unknown output format \"yaml\"; use text, markdown, json or "
            "textproto");
}

}  // namespace
}  // namespace weightwalk
