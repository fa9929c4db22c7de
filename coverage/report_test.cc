#include "coverage/report.h"

#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "coverage/render.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
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
  // One line for the 32, one for the typo, plus did-you-mean, header and
  // the rules' documentation.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
  EXPECT_THAT(text, HasSubstr("\nrules: docs/RULES.md#phantom-parameter "
                              "docs/RULES.md#unconverted-parameter\n"));
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
              HasSubstr("| error | [`unconverted-parameter`]"
                        "(docs/RULES.md#unconverted-parameter) | "
                        "`decoder.{0..31}.mixer.query.bias` (32 findings) |"));
  EXPECT_THAT(markdown,
              HasSubstr("Did you mean `decoder.3.mixer.query.weight`?"));
}

TEST(ReportTest, JsonKeepsEveryFinding) {
  const std::string json = RenderJson(ThirtyTwoLayerReport());
  EXPECT_THAT(json, HasSubstr("\"rule\": \"unconverted-parameter\""));
  EXPECT_THAT(json, HasSubstr("\"did_you_mean\": ["));
  size_t count = 0;
  for (size_t at = json.find("\"subjects\""); at != std::string::npos;
       at = json.find("\"subjects\"", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 33u);
  // And each rule's count.
  EXPECT_THAT(json, HasSubstr("\"counts\": ["));
  EXPECT_THAT(json, HasSubstr("\"findings\": \"32\""));
}

// Over --max_findings, every format says how many findings there are and
// how many it lists.
TEST(ReportTest, FindingsNotListedAreCountedInEveryFormat) {
  ParameterManifest parameters;
  ConverterManifest converters;
  parameters.set_fixture("big");
  converters.set_format("llama");
  for (int i = 0; i < 40; ++i) {
    Parameter* parameter = parameters.add_parameters();
    parameter->set_name(absl::StrCat("decoder.", i, ".mixer.query.bias"));
    parameter->add_shape(256);
  }
  const CoverageReport report =
      RunRules(CoverageContext(parameters, converters), nullptr, 5);
  EXPECT_EQ(report.findings_size(), 5);
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("big (format llama): 40 findings\n"));
  EXPECT_THAT(text, HasSubstr("decoder.{0..4}.mixer.query.bias"));
  EXPECT_THAT(text, HasSubstr("note: unconverted-parameter: 5 of 40 findings "
                              "listed; --max_findings=0 lists them all\n"));
  EXPECT_THAT(RenderMarkdown(report),
              HasSubstr("- unconverted-parameter: 5 of 40 findings listed; "
                        "--max\\_findings=0 lists them all\n"));
  EXPECT_THAT(RenderJson(report), HasSubstr("\"omitted\": \"35\""));
  EXPECT_THAT(RenderReport(report, OutputFormat::kTextProto),
              HasSubstr("omitted: 35"));
  EXPECT_TRUE(HasErrors(report));
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
            "  suppressed because: exported by hand\n"
            "rules: docs/RULES.md#unconverted-parameter\n");
}

// Where to fix a finding: a line of its own in text, a sentence in
// Markdown; findings at different places are not grouped.
TEST(ReportTest, LocationsArePrintedAndKeepFindingsApart) {
  CoverageReport report;
  report.set_fixture("f");
  report.set_format("llama");
  for (const char* layer : {"0", "1", "2"}) {
    Finding& finding = *report.add_findings();
    finding.set_rule("phantom-parameter");
    finding.set_severity(ERROR);
    finding.add_subjects(absl::StrCat("decoder.", layer, ".x"));
    finding.set_message(absl::StrCat("decoder.", layer, ".x is phantom"));
    finding.set_location(std::string(layer) == "2"
                             ? "converters/llama/llama.cc:99"
                             : "converters/llama/llama.cc:42");
  }
  const std::string text = RenderText(report);
  EXPECT_THAT(text, HasSubstr("error: phantom-parameter: decoder.{0,1}.x is "
                              "phantom (2 findings)\n"
                              "  at converters/llama/llama.cc:42\n"
                              "error: phantom-parameter: decoder.2.x is "
                              "phantom\n"
                              "  at converters/llama/llama.cc:99\n"));
  EXPECT_THAT(RenderMarkdown(report),
              HasSubstr("At `converters/llama/llama.cc:42`."));
}

TEST(ReportTest, OutputFormatNames) {
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("yaml").status().message(),
            "unknown output format \"yaml\"; use text, markdown, json, "
            "textproto or sarif");
}

// A random valid UTF-8 name: ASCII (controls, backticks, Markdown and
// table characters most likely), C1 controls, bidi overrides, and any
// other code point.
std::string RandomName(std::mt19937& random) {
  static const char32_t kSpecial[] = {
      0,   '\n', '\r', '\t', 0x1b, 0x7f, '`',  '|',    '*',    '[',
      ']', '(',  '<',  '!',  '\\', 0x85, 0x9b, 0x202e, 0x2066, 0xfeff};
  std::string name;
  const int length = std::uniform_int_distribution<int>(0, 12)(random);
  for (int i = 0; i < length; ++i) {
    const int kind = std::uniform_int_distribution<int>(0, 3)(random);
    char32_t code =
        kind == 0   ? kSpecial[std::uniform_int_distribution<size_t>(
                        0, sizeof(kSpecial) / sizeof(kSpecial[0]) - 1)(random)]
        : kind == 1 ? std::uniform_int_distribution<char32_t>(0, 0x7f)(random)
        : kind == 2
            ? std::uniform_int_distribution<char32_t>(0x80, 0x7ff)(random)
            : std::uniform_int_distribution<char32_t>(0x800, 0x10ffff)(random);
    if (code >= 0xd800 && code <= 0xdfff) code = 'x';  // Not a character.
    if (code < 0x80) {
      name.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      name.push_back(static_cast<char>(0xc0 | (code >> 6)));
      name.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
      name.push_back(static_cast<char>(0xe0 | (code >> 12)));
      name.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      name.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else {
      name.push_back(static_cast<char>(0xf0 | (code >> 18)));
      name.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
      name.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      name.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    }
  }
  return name;
}

// Whether `text` holds a byte or code point that acts on a terminal, other
// than the line breaks between lines.
bool HasControls(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) < 0xa0) {
      return true;  // C1
    }
    if (text.compare(i, 3, "\xe2\x80\xae") == 0 ||
        text.compare(i, 3, "\xe2\x81\xa6") == 0) {
      return true;  // RLO, LRI
    }
  }
  return false;
}

// Names of any characters through every output format: text and Markdown
// keep their lines and show no control; JSON and textproto give the names
// back exactly.
TEST(ReportTest, AnyNameThroughEveryFormat) {
  std::mt19937 random(20261204);
  for (int round = 0; round < 3000; ++round) {
    const std::string name = RandomName(random);
    SCOPED_TRACE(::testing::PrintToString(name));
    CoverageReport report;
    report.set_fixture(RandomName(random));
    report.set_format("llama");
    Finding& finding = *report.add_findings();
    finding.set_rule("unconsumed-checkpoint-tensor");
    finding.set_severity(ERROR);
    finding.add_subjects(name);
    finding.set_message(absl::StrCat("checkpoint tensor ", name, " is extra"));
    finding.add_did_you_mean(name);
    finding.set_location(absl::StrCat("at ", name));

    const std::string text = RenderText(report);
    ASSERT_FALSE(HasControls(text)) << text;
    // Header, the finding, its location, its did-you-mean, the rules.
    ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 5) << text;

    const std::string markdown = RenderMarkdown(report);
    ASSERT_FALSE(HasControls(markdown)) << markdown;
    // Title, blank, table header, rule, the finding's row.
    ASSERT_EQ(std::count(markdown.begin(), markdown.end(), '\n'), 5)
        << markdown;
    // The row has its four cells: no name adds an unescaped `|`.
    const std::string row =
        markdown.substr(markdown.rfind('\n', markdown.size() - 2) + 1);
    int cells = 0;
    for (size_t i = 0; i < row.size(); ++i) {
      if (row[i] == '\\') {
        ++i;
      } else if (row[i] == '|') {
        ++cells;
      }
    }
    ASSERT_EQ(cells, 5) << row;

    CoverageReport from_json;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(RenderJson(report),
                                                            &from_json)
                    .ok());
    ASSERT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(from_json, report));
    CoverageReport from_textproto;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
        RenderReport(report, OutputFormat::kTextProto), &from_textproto));
    ASSERT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        from_textproto, report));
  }
}

}  // namespace
}  // namespace weightwalk
