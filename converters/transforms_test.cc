#include "converters/transforms.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;

TEST(TransformsTest, RenameKeepsTheShape) {
  EXPECT_THAT(*ExportShapes(RENAME, {{384, 256}}, 1),
              ElementsAre(Shape{384, 256}));
}

TEST(TransformsTest, SplitCutsDimZero) {
  // Llama gate/up: [2F, H] -> 2 x [F, H].
  EXPECT_THAT(*ExportShapes(SPLIT, {{2048, 256}}, 2),
              ElementsAre(Shape{1024, 256}, Shape{1024, 256}));
}

TEST(TransformsTest, KeyValueSplitHalvesDimZero) {
  EXPECT_THAT(*ExportShapes(KEY_VALUE_SPLIT, {{256, 256}}, 2),
              ElementsAre(Shape{128, 256}, Shape{128, 256}));
  EXPECT_THAT(*ExportShapes(KEY_VALUE_SPLIT, {{256}}, 2),
              ElementsAre(Shape{128}, Shape{128}));
}

TEST(TransformsTest, TransposeSplitTransposesThenCutsTheLastDim) {
  // Llama down_proj: [F, H] -> [H, F].
  EXPECT_THAT(*ExportShapes(TRANSPOSE_SPLIT, {{1024, 256}}, 1),
              ElementsAre(Shape{256, 1024}));
  // Mixtral w2: [E*F, H] -> E x [H, F].
  EXPECT_THAT(*ExportShapes(TRANSPOSE_SPLIT, {{4096, 256}}, 4),
              ElementsAre(Shape{256, 1024}, Shape{256, 1024}, Shape{256, 1024},
                          Shape{256, 1024}));
  // A bias is a plain split.
  EXPECT_THAT(*ExportShapes(TRANSPOSE_SPLIT, {{256}}, 1),
              ElementsAre(Shape{256}));
}

TEST(TransformsTest, SplitThatDoesNotDivideIsAnError) {
  absl::StatusOr<std::vector<Shape>> shapes = ExportShapes(SPLIT, {{10, 4}}, 3);
  ASSERT_FALSE(shapes.ok());
  EXPECT_EQ(shapes.status().message(),
            "cannot split dim 0 of [10, 4] into 3 equal parts");
}

TEST(TransformsTest, WrongArityIsAnError) {
  EXPECT_EQ(ExportShapes(RENAME, {{4}}, 2).status().message(),
            "RENAME produces one output, got 2");
  EXPECT_EQ(ExportShapes(KEY_VALUE_SPLIT, {{4}}, 3).status().message(),
            "KEY_VALUE_SPLIT produces two outputs (K, V), got 3");
  EXPECT_EQ(ExportShapes(TRANSPOSE_SPLIT, {{4, 4, 4}}, 1).status().message(),
            "cannot transpose [4, 4, 4]: not a matrix");
  EXPECT_EQ(ExportShapes(SPLIT, {{4}, {4}}, 1).status().message(),
            "SPLIT takes one input, got 2");
}

TEST(TransformsTest, PatchEmbeddingViewsThePatch) {
  // Llava: [Hv, 3·4·4] -> [Hv, 3, 4, 4].
  EXPECT_THAT(*ExportShapes(PATCH_EMBEDDING_RESHAPE, {{256, 48}}, 1, {3, 4, 4}),
              ElementsAre(Shape{256, 3, 4, 4}));
  EXPECT_EQ(ExportShapes(PATCH_EMBEDDING_RESHAPE, {{256, 50}}, 1, {3, 4, 4})
                .status()
                .message(),
            "cannot view [256, 50] as [out, 3, 4, 4]");
}

TEST(TransformsTest, Gemma4ExpertReshapes) {
  // layer_1 [E·2F, H] -> [E, 2F, H]; layer_2 [E·F, H] -> [E, H, F].
  EXPECT_THAT(*ExportShapes(MOE_LAYER_1_RESHAPE, {{2048, 256}}, 1, {4}),
              ElementsAre(Shape{4, 512, 256}));
  EXPECT_THAT(*ExportShapes(MOE_LAYER_2_RESHAPE_PERMUTE, {{1024, 256}}, 1, {4}),
              ElementsAre(Shape{4, 256, 256}));
  EXPECT_THAT(*ExportShapes(MOE_LAYER_2_RESHAPE_PERMUTE, {{8, 3}}, 1, {4}),
              ElementsAre(Shape{4, 3, 2}));
  EXPECT_EQ(
      ExportShapes(MOE_LAYER_1_RESHAPE, {{10, 4}}, 1, {4}).status().message(),
      "cannot reshape [10, 4] into 4 experts");
  EXPECT_EQ(
      ExportShapes(MOE_LAYER_1_RESHAPE, {{8, 4}}, 1, {}).status().message(),
      "MOE_LAYER_1_RESHAPE takes 1 transform arguments, got 0");
}

}  // namespace
}  // namespace weightwalk
