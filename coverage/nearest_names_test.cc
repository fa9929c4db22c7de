#include "coverage/nearest_names.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<absl::string_view> Views(const std::vector<std::string>& names) {
  return std::vector<absl::string_view>(names.begin(), names.end());
}

TEST(NearestNamesTest, ATypoFindsTheNameWithTheSameIndices) {
  std::vector<std::string> names;
  for (int i = 0; i < 32; ++i) {
    names.push_back(absl::StrCat("decoder.", i, ".mixer.query.weight"));
    names.push_back(absl::StrCat("decoder.", i, ".mlp.layer_1.weight"));
  }
  const NearestNames nearest(Views(names));
  EXPECT_THAT(nearest.Nearest("decoder.7.mixer.querry.weight"),
              ElementsAre("decoder.7.mixer.query.weight"));
  // Indices the names do not have: the first name of the pattern.
  EXPECT_THAT(nearest.Nearest("decoder.99.mixer.querry.weight"),
              ElementsAre("decoder.0.mixer.query.weight"));
  EXPECT_THAT(nearest.Nearest("embeddings.word_embeddings_weight"), IsEmpty());
}

// The asked name is never its own suggestion; another with its pattern is.
TEST(NearestNamesTest, NeverTheNameItself) {
  const std::vector<std::string> alone = {"head.weight"};
  EXPECT_THAT(NearestNames(Views(alone)).Nearest("head.weight"), IsEmpty());
  const std::vector<std::string> two = {"a.0.w", "a.1.w", "a.0.v"};
  const NearestNames nearest(Views(two));
  EXPECT_THAT(nearest.Nearest("a.0.w"), ElementsAre("a.1.w"));
  EXPECT_THAT(nearest.Nearest("a.1.w"), ElementsAre("a.0.w"));
}

TEST(NearestNamesTest, TiesAreAllGivenSorted) {
  const std::vector<std::string> names = {"x.bias", "x.weigh", "x.weighs"};
  EXPECT_THAT(NearestNames(Views(names)).Nearest("x.weight"),
              ElementsAre("x.weigh", "x.weighs"));
}

TEST(NearestNamesTest, IndexPatternKeepsWhatIsNotAnIndex) {
  std::vector<absl::string_view> indices;
  EXPECT_EQ(IndexPattern("decoder.12.mlp.experts.3.w1", &indices),
            "decoder.#.mlp.experts.#.w1");
  EXPECT_THAT(indices, ElementsAre("12", "3"));
  EXPECT_EQ(IndexPattern("layer12.x..y"), "layer12.x..y");
}

}  // namespace
}  // namespace weightwalk
