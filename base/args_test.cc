#include "base/args.h"

#include <new>
#include <stdexcept>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

absl::StatusOr<Args> ParseAll(std::vector<const char*> argv) {
  argv.insert(argv.begin(), "program");
  return Args::Parse(static_cast<int>(argv.size()),
                     const_cast<char**>(argv.data()));
}

TEST(ArgsTest, FlagsAndPositionals) {
  absl::StatusOr<Args> args =
      ParseAll({"--fixture=a.textproto", "x", "--quiet", "--", "--y"});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args->Take("fixture"), "a.textproto");
  EXPECT_EQ(*args->TakeBool("quiet"), true);
  EXPECT_EQ(*args->TakeBool("absent"), false);
  EXPECT_THAT(args->positional(), ::testing::ElementsAre("x", "--y"));
  EXPECT_TRUE(args->CheckAllTaken().ok());
}

TEST(ArgsTest, UnknownAndRepeatedFlagsAreErrors) {
  absl::StatusOr<Args> args = ParseAll({"--colour=red"});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args->CheckAllTaken().message(), "unknown flag --colour");
  EXPECT_EQ(ParseAll({"--a=1", "--a=2"}).status().message(),
            "flag --a given twice");
  EXPECT_EQ(args->TakeRequired("fixture").status().message(),
            "missing required flag --fixture=...");
}

TEST(ArgsTest, BooleanFlagValuesAreChecked) {
  absl::StatusOr<Args> args = ParseAll({"--override_format=maybe"});
  ASSERT_TRUE(args.ok());
  EXPECT_FALSE(args->TakeBool("override_format").ok());
}

TEST(ArgsTest, CountsAreWholeNumbers) {
  absl::StatusOr<Args> args =
      ParseAll({"--a=0", "--b=1000000", "--c=-1", "--d=1e3", "--e=+5"});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(*args->TakeCount("a", 7), 0u);
  EXPECT_EQ(*args->TakeCount("b", 7), 1000000u);
  EXPECT_EQ(*args->TakeCount("absent", 7), 7u);
  EXPECT_EQ(args->TakeCount("c", 7).status().message(),
            "flag --c takes a whole number, got \"-1\"");
  EXPECT_FALSE(args->TakeCount("d", 7).ok());
  EXPECT_FALSE(args->TakeCount("e", 7).ok());
}

// `--output` alone (as a shell completion leaves it) is not a value.
TEST(ArgsTest, AValueFlagWithNoValueIsAnError) {
  absl::StatusOr<Args> args = ParseAll({"--output", "--format="});
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args->Take("output"), std::nullopt);
  EXPECT_EQ(args->Take("format"), "");
  EXPECT_EQ(args->CheckAllTaken().message(),
            "flag --output needs a value: --output=...");
}

// Nothing escapes a binary's main: an error or an exception is bad input
// (exit 2, a message), never an abort.
TEST(RunMainTest, ErrorsAndExceptionsAreBadInput) {
  char program[] = "p";
  char* argv[] = {program, nullptr};
  EXPECT_EQ(RunMain("p", 1, argv,
                    [](int, char**) -> absl::StatusOr<int> { return 1; }),
            kExitFindings);
  EXPECT_EQ(RunMain("p", 1, argv,
                    [](int, char**) -> absl::StatusOr<int> {
                      return absl::InvalidArgumentError("bad");
                    }),
            kExitBadInput);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(RunMain("p", 1, argv,
                    [](int, char**) -> absl::StatusOr<int> {
                      throw std::runtime_error("boom");
                    }),
            kExitBadInput);
  EXPECT_EQ(RunMain("p", 1, argv,
                    [](int, char**) -> absl::StatusOr<int> {
                      throw std::bad_alloc();
                    }),
            kExitBadInput);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "p: error: unexpected error: boom\n"
            "p: error: out of memory; the input is too large\n");
  EXPECT_EQ(RunMainWithStatus("p", 1, argv,
                              [](int, char**) { return absl::OkStatus(); }),
            kExitClean);
}

}  // namespace
}  // namespace weightwalk
