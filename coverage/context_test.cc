#include "coverage/context.h"

#include <string>

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

}  // namespace
}  // namespace weightwalk
