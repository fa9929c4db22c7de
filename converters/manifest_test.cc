#include "converters/manifest.h"

#include "gmock/gmock.h"
#include "google/protobuf/arena.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

void EmitThree(const ModelConfig&, const ConverterEmitter& out) {
  out.Emit(SPLIT, {"a.weight"}, {"x.weight", "y.weight"});
  out.Emit(RENAME, {"missing.weight"}, {"m.weight"});
  out.Emit(SPLIT, {"b.weight"}, {"p", "q", "r"});
}

void EmitThenFail(const ModelConfig&, const ConverterEmitter& out) {
  out.Rename("a.weight", "x.weight");
  out.Nested("decoder.0", "").Fail("cannot convert this");
}

ParameterManifest ParametersOf(const char* text) {
  ParameterManifest parameters;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &parameters));
  return parameters;
}

TEST(ManifestTest, AFailedEmissionIsAnError) {
  const Format format = {"test", "TestForCausalLM", &EmitThenFail, {}, nullptr};
  absl::StatusOr<ConverterManifest> manifest = BuildConverterManifest(
      format, ModelConfig(), ParameterManifest(), "fixture");
  EXPECT_EQ(manifest.status().message(), "decoder.0: cannot convert this");
}

TEST(ManifestTest, AttachesShapesOrSaysWhyNot) {
  const ParameterManifest parameters = ParametersOf(
      R"pb(parameters {
             name: "a.weight"
             shape: [ 8, 2 ]
           }
           parameters {
             name: "b.weight"
             shape: [ 4 ]
           })pb");
  const Format format = {"test", "TestForCausalLM", &EmitThree, {}, nullptr};
  absl::StatusOr<ConverterManifest> manifest =
      BuildConverterManifest(format, ModelConfig(), parameters, "fixture");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->fixture(), "fixture");
  EXPECT_EQ(manifest->format(), "test");
  ASSERT_EQ(manifest->converters_size(), 3);

  const WeightConverter& split = manifest->converters(0);
  EXPECT_THAT(split.fast_llm(0).shape(), ::testing::ElementsAre(8, 2));
  EXPECT_THAT(split.checkpoint(0).shape(), ::testing::ElementsAre(4, 2));
  EXPECT_THAT(split.checkpoint(1).shape(), ::testing::ElementsAre(4, 2));
  EXPECT_EQ(split.shape_error(), "");

  const WeightConverter& phantom = manifest->converters(1);
  EXPECT_EQ(phantom.shape_error(),
            "consumes missing.weight, which is not a model parameter");
  EXPECT_TRUE(phantom.checkpoint(0).shape().empty());

  const WeightConverter& bad_split = manifest->converters(2);
  EXPECT_EQ(bad_split.shape_error(),
            "cannot split dim 0 of [4] into 3 equal parts");
}

// Built on an arena (as `check` builds it), the manifest is the same, and
// its leaves and tensors are the arena's; a failure is the same error.
TEST(ManifestTest, OnAnArenaTheManifestIsTheSame) {
  const ParameterManifest parameters = ParametersOf(
      R"pb(parameters {
             name: "a.weight"
             shape: [ 8, 2 ]
           })pb");
  const Format format = {"test", "TestForCausalLM", &EmitThree, {}, nullptr};
  absl::StatusOr<ConverterManifest> on_heap =
      BuildConverterManifest(format, ModelConfig(), parameters, "fixture");
  ASSERT_TRUE(on_heap.ok()) << on_heap.status();
  google::protobuf::Arena arena;
  absl::StatusOr<ConverterManifest*> on_arena = BuildConverterManifest(
      &arena, format, ModelConfig(), parameters, "fixture");
  ASSERT_TRUE(on_arena.ok()) << on_arena.status();
  EXPECT_EQ((*on_arena)->SerializeAsString(), on_heap->SerializeAsString());
  EXPECT_EQ((*on_arena)->GetArena(), &arena);
  EXPECT_EQ((*on_arena)->converters(2).checkpoint(2).GetArena(), &arena);

  const Format failing = {
      "test", "TestForCausalLM", &EmitThenFail, {}, nullptr};
  EXPECT_EQ(BuildConverterManifest(&arena, failing, ModelConfig(),
                                   ParameterManifest(), "fixture")
                .status()
                .message(),
            "decoder.0: cannot convert this");
}

// Each leaf knows the line that declared it (for findings to point at),
// and ClearSources, which every manifest written to a file goes through,
// drops them.
TEST(ManifestTest, LeavesRecordTheLineThatDeclaredThem) {
  const Format format = {"test", "TestForCausalLM", &EmitThree, {}, nullptr};
  absl::StatusOr<ConverterManifest> manifest =
      BuildConverterManifest(format, ModelConfig(), ParameterManifest(), "f");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  ASSERT_EQ(manifest->sources_size(), 3);  // Three lines of EmitThree.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(manifest->converters(i).source(), i + 1);
    EXPECT_THAT(
        manifest->sources(i),
        ::testing::MatchesRegex("converters/manifest_test\\.cc:1[234]"));
  }
  ClearSources(*manifest);
  EXPECT_EQ(manifest->sources_size(), 0);
  EXPECT_EQ(manifest->converters(0).source(), 0);
}

}  // namespace
}  // namespace weightwalk
