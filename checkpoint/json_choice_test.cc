// The correctness side of the JSON parser choice for checkpoint metadata
// (the speed side is //checkpoint:index_benchmark). protobuf's JSON parser
// into google.protobuf.Struct does reject duplicate keys, but names neither
// the file nor the line, which the user needs to fix a 90,000-line index;
// weightwalk's parser gives both.
#include "checkpoint/index.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

constexpr char kDuplicated[] =
    "{\"weight_map\": {\"lm_head.weight\": \"a.safetensors\",\n"
    "                \"lm_head.weight\": \"b.safetensors\"}}";

TEST(JsonChoiceTest, ProtobufStructRejectsDuplicatesWithoutALine) {
  google::protobuf::Struct index;
  const auto status =
      google::protobuf::util::JsonStringToMessage(kDuplicated, &index);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              ::testing::HasSubstr("Repeated map key: 'lm_head.weight'"));
  EXPECT_THAT(std::string(status.message()),
              ::testing::Not(::testing::HasSubstr(":2:")));
}

TEST(JsonChoiceTest, WeightwalkRejectsThemWithTheFileAndLine) {
  EXPECT_EQ(
      ParseWeightIndex(kDuplicated, "index.json").status().message(),
      "index.json:2:17: duplicate key \"lm_head.weight\" (first at line 1)");
}

}  // namespace
}  // namespace weightwalk
