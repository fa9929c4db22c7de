#include "coverage/sarif.h"

#include <string>

#include "base/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

TEST(SarifTest, LocationsAreFileLineAndColumn) {
  SourcePlace place = ParseLocation("converters/llama/llama.cc:42");
  EXPECT_EQ(place.file, "converters/llama/llama.cc");
  EXPECT_EQ(place.line, 42);
  EXPECT_EQ(place.column, 0);
  place = ParseLocation("ckpt/config.json:3:17");
  EXPECT_EQ(place.file, "ckpt/config.json");
  EXPECT_EQ(place.line, 3);
  EXPECT_EQ(place.column, 17);
  place = ParseLocation("ckpt/model-00001-of-00002.safetensors");
  EXPECT_EQ(place.file, "ckpt/model-00001-of-00002.safetensors");
  EXPECT_EQ(place.line, 0);
  place = ParseLocation("a:b:7");  // Only trailing numbers are positions.
  EXPECT_EQ(place.file, "a:b");
  EXPECT_EQ(place.line, 7);
}

TEST(SarifTest, PathsAreUriReferences) {
  EXPECT_EQ(PathUri("converters/llama/llama.cc"), "converters/llama/llama.cc");
  EXPECT_EQ(PathUri("/tmp/my ckpt/config.json"),
            "file:///tmp/my%20ckpt/config.json");
  EXPECT_EQ(PathUri("a#b?c%"), "a%23b%3Fc%25");
}

TEST(SarifTest, ALogWithRulesResultsAndLocations) {
  CoverageReport report;
  report.set_fixture("llama");
  report.set_format("llama");
  Finding& finding = *report.add_findings();
  finding.set_rule("phantom-parameter");
  finding.set_severity(ERROR);
  finding.add_subjects("decoder.0.x");
  finding.set_message("the RENAME converter ... consumes decoder.0.x.");
  finding.add_did_you_mean("decoder.0.y");
  finding.set_location("converters/llama/llama.cc:42");
  Finding& suppressed = *report.add_findings();
  suppressed = finding;
  suppressed.set_location("");
  suppressed.set_suppressed(true);
  suppressed.set_suppression_reason("exported by hand");
  const std::string sarif = RenderSarif({report});
  const absl::StatusOr<JsonValue> log = ParseJson(sarif, "sarif");
  ASSERT_TRUE(log.ok()) << log.status();
  EXPECT_EQ(log->Find("version")->text(), "2.1.0");
  EXPECT_THAT(sarif, HasSubstr("See [docs/RULES.md#phantom-parameter]"
                               "(docs/RULES.md#phantom-parameter)."));
  EXPECT_THAT(sarif, HasSubstr("\"name\": \"PhantomParameter\""));
  EXPECT_THAT(sarif, HasSubstr("\"uri\": \"converters/llama/llama.cc\",\n"));
  EXPECT_THAT(sarif, HasSubstr("\"startLine\": 42"));
  EXPECT_THAT(sarif, HasSubstr("Did you mean decoder.0.y?"));
  EXPECT_THAT(sarif, HasSubstr("\"justification\": \"exported by hand\""));
}

}  // namespace
}  // namespace weightwalk
