#include "coverage/context.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

WeightConverter Split(int outputs) {
  WeightConverter converter;
  converter.set_transform(SPLIT);
  converter.add_fast_llm()->set_name("decoder.3.mlp.layer_1.weight");
  for (int i = 0; i < outputs; ++i) {
    converter.add_checkpoint()->set_name(absl::StrCat("e.", i, ".w"));
  }
  return converter;
}

TEST(DescribeConverterTest, ListsUpToEightTensors) {
  EXPECT_EQ(DescribeConverter(Split(8)),
            "SPLIT converter decoder.3.mlp.layer_1.weight -> e.0.w, e.1.w, "
            "e.2.w, e.3.w, e.4.w, e.5.w, e.6.w, e.7.w");
}

// A MoE layer's 512 outputs are not all spelled out in every message.
TEST(DescribeConverterTest, ShortensLongSidesToTheirEnds) {
  EXPECT_EQ(DescribeConverter(Split(512)),
            "SPLIT converter decoder.3.mlp.layer_1.weight -> e.0.w, e.1.w, "
            "... (512 tensors), e.510.w, e.511.w");
  EXPECT_EQ(DescribeConverter(Split(9)),
            "SPLIT converter decoder.3.mlp.layer_1.weight -> e.0.w, e.1.w, "
            "... (9 tensors), e.7.w, e.8.w");
}

// "name <- leaves [checkpoint tensor or -]" per side, in the rules' order.
std::string Sides(const CoverageContext& context) {
  std::string listing;
  for (const CoverageContext::CheckpointSide& side :
       context.CheckpointSides()) {
    absl::StrAppend(&listing, side.name, " <-");
    for (const CoverageContext::Producer& producer : side.producers) {
      absl::StrAppend(&listing, " ", producer.leaf);
      EXPECT_EQ(producer.output->name(), side.name);
    }
    absl::StrAppend(&listing, " [",
                    side.tensor == nullptr ? "-" : side.tensor->name(), "]\n");
    EXPECT_EQ(&context.ProducersOf(side.name), &side.producers);
  }
  return listing;
}

// A checkpoint attached after the converters are indexed gives the same
// sides as one given up front, also when it holds many more names than the
// converters produce (the index grows).
TEST(CoverageContextTest, AttachingTheCheckpointLaterGivesTheSameSides) {
  ParameterManifest parameters;
  parameters.add_parameters()->set_name("decoder.3.mlp.layer_1.weight");
  ConverterManifest converters;
  *converters.add_converters() = Split(3);
  *converters.add_converters() = Split(2);  // e.0.w and e.1.w twice
  CheckpointManifest checkpoint;
  checkpoint.add_tensors()->set_name("e.1.w");
  for (int i = 0; i < 1000; ++i) {
    checkpoint.add_tensors()->set_name(absl::StrCat("extra.", i));
  }
  checkpoint.add_tensors()->set_name("e.2.w");

  const CoverageContext up_front(parameters, converters, &checkpoint);
  CoverageContext attached(parameters, converters);
  EXPECT_EQ(attached.checkpoint(), nullptr);
  attached.AttachCheckpoint(checkpoint);
  EXPECT_EQ(attached.checkpoint(), &checkpoint);
  const std::string sides = Sides(up_front);
  EXPECT_EQ(Sides(attached), sides);
  EXPECT_TRUE(absl::StartsWith(sides,
                               "e.0.w <- 0 1 [-]\ne.1.w <- 0 1 [e.1.w]\n"
                               "e.2.w <- 0 [e.2.w]\nextra.0 <- [extra.0]\n"))
      << sides;
  EXPECT_TRUE(absl::EndsWith(sides, "extra.999 <- [extra.999]\n"));
  EXPECT_TRUE(attached.ProducersOf("nowhere").empty());
}

// A checkpoint large enough to be looked up on two threads: every name
// joins its side as a single pass would, in checkpoint order.
TEST(CoverageContextTest, ALargeCheckpointJoinsTheSameSides) {
  ParameterManifest parameters;
  parameters.add_parameters()->set_name("decoder.3.mlp.layer_1.weight");
  ConverterManifest converters;
  *converters.add_converters() = Split(30000);  // e.0.w ... e.29999.w
  CheckpointManifest checkpoint;
  // The odd outputs, backwards, then names no converter produces, then one
  // name again (the first of the two keeps its side).
  for (int i = 29999; i >= 0; i -= 2) {
    checkpoint.add_tensors()->set_name(absl::StrCat("e.", i, ".w"));
  }
  for (int i = 0; i < 5000; ++i) {
    checkpoint.add_tensors()->set_name(absl::StrCat("x.", i));
  }
  checkpoint.add_tensors()->set_name("e.1.w");
  checkpoint.add_tensors()->set_name("x.7");
  ASSERT_GE(checkpoint.tensors_size(), 16384);

  const CoverageContext context(parameters, converters, &checkpoint);
  const auto& sides = context.CheckpointSides();
  ASSERT_EQ(sides.size(), 35000u);
  for (int i = 0; i < 30000; ++i) {
    const CoverageContext::CheckpointSide& side = sides[static_cast<size_t>(i)];
    ASSERT_EQ(side.name, absl::StrCat("e.", i, ".w"));
    ASSERT_EQ(side.producers.size(), 1u);
    if (i % 2 == 0) {
      ASSERT_EQ(side.tensor, nullptr) << side.name;
    } else {
      // e.{i}.w is tensor (29999 - i) / 2; e.1.w's first copy is 14999.
      ASSERT_EQ(side.tensor, &checkpoint.tensors((29999 - i) / 2)) << side.name;
    }
  }
  for (int i = 0; i < 5000; ++i) {
    const CoverageContext::CheckpointSide& side =
        sides[static_cast<size_t>(30000 + i)];
    ASSERT_EQ(side.name, absl::StrCat("x.", i));
    ASSERT_TRUE(side.producers.empty());
    ASSERT_EQ(side.tensor, &checkpoint.tensors(15000 + i));
  }
}

}  // namespace
}  // namespace weightwalk
