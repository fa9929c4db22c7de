#include "converters/emitter.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;

// "a,b -> c,d (KIND)" per leaf.
std::vector<std::string> Describe(const Emission& emission) {
  const auto& leaves = emission.leaves;
  std::vector<std::string> lines;
  for (const WeightConverter& leaf : leaves) {
    std::vector<std::string> in, out;
    for (const Tensor& t : leaf.fast_llm()) in.push_back(t.name());
    for (const Tensor& t : leaf.checkpoint()) out.push_back(t.name());
    lines.push_back(absl::StrCat(absl::StrJoin(in, ","), " -> ",
                                 absl::StrJoin(out, ","), " (",
                                 TransformKind_Name(leaf.transform()), ")"));
  }
  return lines;
}

TEST(EmitterTest, NestedPrefixesJoinAndDropEmptySides) {
  Emission leaves;
  ConverterEmitter root(&leaves);
  root.Nested("head", "")
      .Nested("final_norm", "model.norm")
      .Rename("weight", "weight");
  root.Nested("embeddings", "model")
      .Rename("word_embeddings_weight", "embed_tokens.weight");
  EXPECT_THAT(
      Describe(leaves),
      ElementsAre("head.final_norm.weight -> model.norm.weight (RENAME)",
                  "embeddings.word_embeddings_weight -> "
                  "model.embed_tokens.weight (RENAME)"));
}

TEST(EmitterTest, LinearEmitsWeightThenBiasWhenAsked) {
  Emission leaves;
  ConverterEmitter out = ConverterEmitter(&leaves).Nested("m", "p");
  out.Linear("key_value", {"k_proj", "v_proj"}, KEY_VALUE_SPLIT, true);
  out.Linear("dense", {"o_proj"}, RENAME, false);
  EXPECT_THAT(
      Describe(leaves),
      ElementsAre(
          "m.key_value.weight -> p.k_proj.weight,p.v_proj.weight "
          "(KEY_VALUE_SPLIT)",
          "m.key_value.bias -> p.k_proj.bias,p.v_proj.bias (KEY_VALUE_SPLIT)",
          "m.dense.weight -> p.o_proj.weight (RENAME)"));
}

TEST(EmitterTest, BlockSequenceVisitsEveryPosition) {
  BlockSequenceConfig sequence;
  sequence.set_type(BlockSequenceConfig::FIXED);
  sequence.set_num_blocks(3);
  Emission leaves;
  EmitBlockSequence(sequence, "decoder", "model.layers",
                    ConverterEmitter(&leaves),
                    [](const DecoderBlockConfig&, const ConverterEmitter& out) {
                      out.Rename("x", "y");
                    });
  EXPECT_THAT(Describe(leaves),
              ElementsAre("decoder.0.x -> model.layers.0.y (RENAME)",
                          "decoder.1.x -> model.layers.1.y (RENAME)",
                          "decoder.2.x -> model.layers.2.y (RENAME)"));
}

TEST(EmitterTest, FailKeepsTheFirstProblemWithItsPrefix) {
  Emission emission;
  ConverterEmitter out = ConverterEmitter(&emission).Nested("decoder.3", "x");
  out.Nested("mixer", "y").Fail("no converter for stochastic mixers");
  out.Fail("second");
  EXPECT_EQ(emission.status.message(),
            "decoder.3.mixer: no converter for stochastic mixers");
}

}  // namespace
}  // namespace weightwalk
