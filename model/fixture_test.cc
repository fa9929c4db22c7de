#include "model/fixture.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/textproto.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

// Writes fixture files into a fresh directory under TEST_TMPDIR.
class FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* root = std::getenv("TEST_TMPDIR");
    directory_ = absl::StrCat(
        root ? root : "/tmp", "/",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_EQ(std::system(absl::StrCat("mkdir -p ", directory_).c_str()), 0);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = absl::StrCat(directory_, "/", name, ".textproto");
    EXPECT_TRUE(WriteFileAtomically(path, text).ok());
    return path;
  }

  std::string directory_;
};

TEST_F(FixtureTest, ChildOverridesMergeIntoTheParent) {
  Write("base", R"pb(
    name: "base"
    checkpoint_format: "llama"
    model {
      hidden_size: 256
      decoder {
        num_blocks: 2
        block { mixer { attention { heads: 8 head_size: 32 } } }
      }
    }
  )pb");
  const std::string child = Write("child", R"pb(
    name: "child"
    parent: "base"
    model { decoder { block { mixer { attention { heads: 4 } } } } }
  )pb");
  absl::StatusOr<LoadedFixture> loaded = LoadFixture(child);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->name, "child");
  EXPECT_EQ(loaded->checkpoint_format, "llama");  // inherited
  EXPECT_THAT(loaded->parents, ::testing::ElementsAre("base"));
  const AttentionConfig& attention =
      loaded->model.decoder().block().mixer().attention();
  EXPECT_EQ(attention.heads(), 4);
  EXPECT_EQ(attention.head_size(), 32);
  EXPECT_EQ(loaded->model.hidden_size(), 256);
}

TEST_F(FixtureTest, ClearRemovesAFieldAndNoneDropsTheFormat) {
  Write("base", R"pb(
    name: "base"
    checkpoint_format: "llama"
    model { embeddings { vocab_size: 10 num_position_embeddings: 512 } }
  )pb");
  absl::StatusOr<LoadedFixture> loaded = LoadFixture(Write("child", R"pb(
    name: "child"
    parent: "base"
    checkpoint_format: "none"
    clear: "embeddings.num_position_embeddings"
  )pb"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->checkpoint_format, "");
  EXPECT_FALSE(loaded->model.embeddings().has_num_position_embeddings());
  EXPECT_EQ(loaded->model.embeddings().vocab_size(), 10);
}

TEST_F(FixtureTest, RepeatedFieldsAreReplacedNotAppended) {
  Write("base", R"pb(
    name: "base"
    model {
      decoder {
        type: PATTERN
        pattern: [ "a", "b" ]
      }
    }
  )pb");
  absl::StatusOr<LoadedFixture> loaded = LoadFixture(Write("child", R"pb(
    name: "child"
    parent: "base"
    model { decoder { pattern: [ "c" ] } }
  )pb"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_THAT(loaded->model.decoder().pattern(), ::testing::ElementsAre("c"));
}

TEST_F(FixtureTest, MissingParentNamesTheFile) {
  const std::string path =
      Write("orphan", "name: \"orphan\" parent: \"nobody\"");
  absl::StatusOr<LoadedFixture> loaded = LoadFixture(path);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr(path + ": parent \"nobody\" does not exist"));
}

TEST_F(FixtureTest, ParentCycleIsAnError) {
  Write("a", "name: \"a\" parent: \"b\"");
  Write("b", "name: \"b\" parent: \"a\"");
  absl::StatusOr<LoadedFixture> loaded =
      LoadFixture(absl::StrCat(directory_, "/a.textproto"));
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("parent cycle: a -> b -> a"));
}

TEST_F(FixtureTest, NameMustMatchTheFile) {
  absl::StatusOr<LoadedFixture> loaded = LoadFixture(Write("x", "name: \"y\""));
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("name is \"y\" but the file is named \"x.textproto\""));
}

TEST_F(FixtureTest, UnknownFieldNamesFileAndLine) {
  const std::string path = Write("x", "name: \"x\"\nmodel { hiden_size: 3 }\n");
  absl::StatusOr<LoadedFixture> loaded = LoadFixture(path);
  EXPECT_THAT(std::string(loaded.status().message()), HasSubstr(path + ":2:"));
  EXPECT_THAT(std::string(loaded.status().message()), HasSubstr("hiden_size"));
}

TEST_F(FixtureTest, BadClearPathIsAnError) {
  Write("base", "name: \"base\"");
  absl::StatusOr<LoadedFixture> loaded = LoadFixture(Write(
      "child", "name: \"child\" parent: \"base\" clear: \"decoder.blok\""));
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("clear: 'decoder.blok': BlockSequenceConfig has no "
                        "field 'blok'"));
}

TEST_F(FixtureTest, LoadingTwiceGivesEqualModels) {
  Write("base", "name: \"base\" model { hidden_size: 8 }");
  const std::string child =
      Write("child", "name: \"child\" parent: \"base\" model { decoder {} }");
  absl::StatusOr<LoadedFixture> first = LoadFixture(child);
  absl::StatusOr<LoadedFixture> second = LoadFixture(child);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->model.DebugString(), second->model.DebugString());
}

}  // namespace
}  // namespace weightwalk
