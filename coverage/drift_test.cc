#include "coverage/drift.h"

#include <string>
#include <vector>

#include "base/json.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

template <typename Message>
Message Parse(const std::string& text) {
  Message message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message));
  return message;
}

ParameterDump ParamsDump(const std::string& json) {
  const absl::StatusOr<JsonValue> value = ParseJson(json, "dump.json");
  EXPECT_TRUE(value.ok()) << value.status();
  absl::StatusOr<ParameterDump> dump = ParseParameterDump(*value, "dump.json");
  EXPECT_TRUE(dump.ok()) << dump.status();
  return *dump;
}

ConverterDump ConvertersDump(const std::string& json) {
  const absl::StatusOr<JsonValue> value = ParseJson(json, "dump.json");
  EXPECT_TRUE(value.ok()) << value.status();
  absl::StatusOr<ConverterDump> dump = ParseConverterDump(*value, "dump.json");
  EXPECT_TRUE(dump.ok()) << dump.status();
  return *dump;
}

std::vector<std::string> Messages(const std::vector<Finding>& findings) {
  std::vector<std::string> messages;
  for (const Finding& finding : findings) messages.push_back(finding.message());
  return messages;
}

const char kTiedManifest[] = R"pb(
  fixture: "tiny"
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
    name: "decoder.1.norm_1.weight"
    shape: [ 4 ]
  }
  parameters {
    name: "head.output_weights"
    shape: [ 8, 4 ]
    tied_group: "embeddings.word_embeddings_weight"
  }
)pb";

TEST(DiffParametersTest, IdenticalListDumpWithTiedGroups) {
  const ParameterDump dump = ParamsDump(R"({
    "parameters": [["embeddings.word_embeddings_weight", [8, 4]],
                   ["decoder.0.norm_1.weight", [4]],
                   ["decoder.1.norm_1.weight", [4]],
                   ["head.output_weights", [8, 4]]],
    "tied": {"get_tied_parameters": {"embeddings.word_embeddings_weight":
        ["head.output_weights", "embeddings.word_embeddings_weight"]},
             "shared_by_identity": []}})");
  EXPECT_THAT(DiffParameters(Parse<ParameterManifest>(kTiedManifest), dump),
              IsEmpty());
}

TEST(DiffParametersTest, ReportsEveryKindOfParameterDifference) {
  const ParameterDump dump = ParamsDump(R"({
    "parameters": [["embeddings.word_embeddings_weight", [8, 4]],
                   ["decoder.1.norm_1.weight", [4]],
                   ["decoder.0.norm_1.weight", [5]],
                   ["head.extra", [1]]],
    "tied": {"get_tied_parameters": {"embeddings.word_embeddings_weight":
        ["embeddings.word_embeddings_weight", "head.extra"]}}})");
  EXPECT_THAT(
      Messages(DiffParameters(Parse<ParameterManifest>(kTiedManifest), dump)),
      ElementsAre(
          "shape differs: decoder.0.norm_1.weight is [4] here, [5] in the "
          "dump",
          "only in the model library: head.output_weights [8, 4]",
          "only in the dump: head.extra [1]",
          "order differs: parameter #1 is decoder.0.norm_1.weight here and "
          "decoder.1.norm_1.weight in the dump",
          "tied group differs: embeddings.word_embeddings_weight ties "
          "{embeddings.word_embeddings_weight, head.output_weights} here and "
          "{embeddings.word_embeddings_weight, head.extra} in the dump"));
}

TEST(DiffParametersTest, TiedGroupOnOneSideOnly) {
  const ParameterDump dump = ParamsDump(R"({
    "parameters": [["embeddings.word_embeddings_weight", [8, 4]],
                   ["decoder.0.norm_1.weight", [4]],
                   ["decoder.1.norm_1.weight", [4]],
                   ["head.output_weights", [8, 4]]],
    "tied": {"get_tied_parameters": {"decoder.0.norm_1.weight":
        ["decoder.0.norm_1.weight", "decoder.1.norm_1.weight"]}}})");
  EXPECT_THAT(
      Messages(DiffParameters(Parse<ParameterManifest>(kTiedManifest), dump)),
      ElementsAre(HasSubstr("tied group only here: "
                            "embeddings.word_embeddings_weight ties"),
                  HasSubstr("tied group only in the dump: "
                            "decoder.0.norm_1.weight ties")));
}

TEST(DiffParametersTest, PlainObjectDumpHasNoTiedGroups) {
  const ParameterDump dump = ParamsDump(
      R"({"embeddings.word_embeddings_weight": [8, 4],
          "decoder.0.norm_1.weight": [4], "decoder.1.norm_1.weight": [4],
          "head.output_weights": [8, 4]})");
  EXPECT_FALSE(dump.tied.has_value());
  EXPECT_THAT(DiffParameters(Parse<ParameterManifest>(kTiedManifest), dump),
              IsEmpty());
}

TEST(ParseParameterDumpTest, MalformedDumpsNameTheProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[]", "dump.json:1:1: the dump must be a JSON object"},
      {R"({"a": [1, -2]})",
       "dump.json:1:11: the shape of \"a\" must hold non-negative integers"},
      {R"({"parameters": [["a", [1]], ["a", [1]]]})",
       "parameter \"a\" is listed twice"},
      {R"({"parameters": [["a"]]})",
       "each of \"parameters\" must be [name, shape]"},
      {R"({"parameters": [], "tied": {"get_tied_parameters": {"a": [1]}}})",
       "the tied group of \"a\" must hold strings, not a number"},
      {R"({"parameters": [], "tied": {}})",
       "\"tied\" must have \"get_tied_parameters\""},
  };
  for (const auto& [json, error] : cases) {
    const absl::StatusOr<JsonValue> value = ParseJson(json, "dump.json");
    ASSERT_TRUE(value.ok()) << json;
    const absl::StatusOr<ParameterDump> dump =
        ParseParameterDump(*value, "dump.json");
    EXPECT_THAT(dump.status().message(), HasSubstr(error)) << json;
  }
}

const char kConverterManifest[] = R"pb(
  fixture: "tiny"
  format: "llama"
  converters {
    fast_llm {
      name: "decoder.0.mixer.key_value.weight"
      shape: [ 4, 4 ]
    }
    checkpoint {
      name: "model.layers.0.self_attn.k_proj.weight"
      shape: [ 2, 4 ]
    }
    checkpoint {
      name: "model.layers.0.self_attn.v_proj.weight"
      shape: [ 2, 4 ]
    }
    transform: KEY_VALUE_SPLIT
  }
  converters {
    fast_llm {
      name: "decoder.1.mixer.key_value.weight"
      shape: [ 4, 4 ]
    }
    checkpoint {
      name: "model.layers.1.self_attn.k_proj.weight"
      shape: [ 2, 4 ]
    }
    checkpoint {
      name: "model.layers.1.self_attn.v_proj.weight"
      shape: [ 2, 4 ]
    }
    transform: KEY_VALUE_SPLIT
  }
  converters {
    fast_llm {
      name: "head.final_norm.weight"
      shape: [ 4 ]
    }
    checkpoint {
      name: "model.norm.weight"
      shape: [ 4 ]
    }
    transform: RENAME
  }
)pb";

std::string KeyValue(int layer, const std::string& cls,
                     const std::string& v_shape = "[2, 4]") {
  const std::string prefix =
      "model.layers." + std::to_string(layer) + ".self_attn.";
  return R"({"fastllm": ["decoder.)" + std::to_string(layer) +
         R"(.mixer.key_value.weight"], "hf": [")" + prefix +
         R"(k_proj.weight", ")" + prefix +
         R"(v_proj.weight"], "converter": ")" + cls +
         R"(", "fastllm_shapes": [[4, 4]], "hf_shapes": [[2, 4], )" + v_shape +
         "]}";
}

const char kNorm[] =
    R"({"fastllm": ["head.final_norm.weight"], "hf": ["model.norm.weight"],
        "converter": "WeightConverter"})";

TEST(DiffConvertersTest, IdenticalDump) {
  const ConverterDump dump = ConvertersDump(
      R"({"meta": {"format": "llama"}, "converters": [)" +
      KeyValue(0, "KeyValueWeightConverter") + "," +
      KeyValue(1, "KeyValueWeightConverter") + "," + kNorm + "]}");
  EXPECT_THAT(
      DiffConverters(Parse<ConverterManifest>(kConverterManifest), dump),
      IsEmpty());
}

TEST(DiffConvertersTest, ReportsEveryKindOfConverterDifference) {
  std::string renamed = kNorm;
  renamed.replace(renamed.find("model.norm"), 10, "model.final_norm");
  const ConverterDump dump = ConvertersDump(
      R"({"meta": {"format": "mistral"}, "converters": [)" + renamed + "," +
      KeyValue(1, "SplitWeightConverter", "[3, 4]") + "," +
      R"({"fastllm": ["head.output_weights"], "hf": ["lm_head.weight"]}]})");
  EXPECT_THAT(
      Messages(
          DiffConverters(Parse<ConverterManifest>(kConverterManifest), dump)),
      ElementsAre(
          "format differs: llama here and mistral in the dump",
          "converter only here: decoder.0.mixer.key_value.weight -> "
          "model.layers.0.self_attn.k_proj.weight, "
          "model.layers.0.self_attn.v_proj.weight",
          "transform differs: the converter of "
          "decoder.1.mixer.key_value.weight is KEY_VALUE_SPLIT here and "
          "SplitWeightConverter in the dump",
          "shape differs: checkpoint "
          "model.layers.1.self_attn.v_proj.weight is [2, 4] here, [3, 4] in "
          "the dump",
          "checkpoint names differ: head.final_norm.weight exports "
          "model.norm.weight here and model.final_norm.weight in the dump",
          "converter only in the dump: head.output_weights -> lm_head.weight",
          "order differs: converter #0 is decoder.1.mixer.key_value.weight #0 "
          "here and head.final_norm.weight #0 in the dump"));
}

TEST(DiffConvertersTest, UnknownClassIsADifference) {
  const ConverterDump dump = ConvertersDump(
      R"({"converters": [)" + KeyValue(0, "KeyValueWeightConverter") + "," +
      KeyValue(1, "FancyConverter") + "," + kNorm + "]}");
  EXPECT_THAT(
      Messages(
          DiffConverters(Parse<ConverterManifest>(kConverterManifest), dump)),
      ElementsAre(HasSubstr("FancyConverter in the dump (a class weightwalk "
                            "does not know)")));
}

TEST(DiffConvertersTest, RepeatedLayersRenderAsOneLine) {
  const ConverterDump dump =
      ConvertersDump(R"({"converters": [)" + std::string(kNorm) + "]}");
  EXPECT_EQ(RenderDifferences(DiffConverters(
                Parse<ConverterManifest>(kConverterManifest), dump)),
            "  converter only here: decoder.{0,1}.mixer.key_value.weight -> "
            "model.layers.{0,1}.self_attn.k_proj.weight, "
            "model.layers.{0,1}.self_attn.v_proj.weight (2 differences)\n");
}

TEST(DiffConvertersTest, ShapeErrorOnOneSide) {
  const ConverterDump dump = ConvertersDump(
      R"({"converters": [)" + KeyValue(0, "KeyValueWeightConverter") + "," +
      R"({"fastllm": ["decoder.1.mixer.key_value.weight"], "hf": [
          "model.layers.1.self_attn.k_proj.weight",
          "model.layers.1.self_attn.v_proj.weight"],
          "shape_error": "RuntimeError: odd"},)" +
      kNorm + "]}");
  EXPECT_THAT(
      Messages(
          DiffConverters(Parse<ConverterManifest>(kConverterManifest), dump)),
      ElementsAre("shape differs: the converter of "
                  "decoder.1.mixer.key_value.weight exports shapes here; in "
                  "the dump it cannot: RuntimeError: odd"));
}

TEST(TransformsOfClassTest, SharedKeyValueMayBeARename) {
  EXPECT_THAT(TransformsOfClass("_Gemma4SharedKeyValueWeightConverter"),
              ElementsAre(KEY_VALUE_SPLIT, RENAME));
  EXPECT_THAT(TransformsOfClass("NoSuchConverter"), IsEmpty());
}

}  // namespace
}  // namespace weightwalk
