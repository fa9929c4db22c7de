#include "tools/base/textproto.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  const char* directory = std::getenv("TEST_TMPDIR");
  return std::string(directory ? directory : "/tmp") + "/" + name;
}

TEST(ReadFileTest, ReadsRegularEmptyAndStreamedFiles) {
  const std::string path = TempPath("read_file_test.txt");
  std::string contents(100000, 'x');
  contents[99999] = '\n';
  ASSERT_TRUE(WriteFileAtomically(path, contents).ok());
  absl::StatusOr<std::string> read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, contents);

  // The caller's buffer: asked for once, with the file's size.
  std::vector<size_t> asked;
  std::string padded;
  ASSERT_TRUE(ReadFileInto(path, [&](size_t size) {
                asked.push_back(size);
                padded.assign(size + 64, '\0');
                return padded.data();
              }).ok());
  EXPECT_THAT(asked, ::testing::ElementsAre(contents.size()));
  EXPECT_EQ(padded.substr(0, contents.size()), contents);

  const std::string empty = TempPath("read_file_empty.txt");
  ASSERT_TRUE(WriteFileAtomically(empty, "").ok());
  read = ReadFile(empty);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, "");

  // /proc files say they are empty; they are read to their end.
  read = ReadFile("/proc/self/status");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(*read, HasSubstr("VmRSS"));
}

TEST(ReadFileTest, NamesThePathOfWhatItCannotRead) {
  absl::StatusOr<std::string> read = ReadFile(TempPath("no_such_file.txt"));
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(read.status().message(),
              HasSubstr("no_such_file.txt: no such file"));
  const std::string directory = TempPath("");
  read = ReadFile(directory);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(read.status().message(),
              HasSubstr(directory + ": cannot read: Is a directory"));
}

TEST(TextProtoTest, FormatsWithHeadersAndShortRepeatedNumbers) {
  ParameterManifest manifest;
  manifest.set_fixture("llama");
  Parameter* parameter = manifest.add_parameters();
  parameter->set_name("embeddings.word_embeddings_weight");
  parameter->add_shape(384);
  parameter->add_shape(256);
  EXPECT_EQ(FormatTextProto(manifest, "model/parameter_manifest.proto"),
            "# proto-file: model/parameter_manifest.proto\n"
            "# proto-message: weightwalk.ParameterManifest\n"
            "fixture: \"llama\"\n"
            "parameters {\n"
            "  name: \"embeddings.word_embeddings_weight\"\n"
            "  shape: [384, 256]\n"
            "}\n");
}

TEST(TextProtoTest, RoundTripsThroughAFile) {
  ParameterManifest manifest;
  manifest.set_fixture("x");
  manifest.add_parameters()->set_name("a.weight");
  const std::string path = TempPath("round_trip.textproto");
  ASSERT_TRUE(WriteTextProto(path, manifest, "p.proto").ok());
  ParameterManifest read;
  ASSERT_TRUE(ReadTextProto(path, &read).ok());
  EXPECT_EQ(read.DebugString(), manifest.DebugString());
}

TEST(TextProtoTest, UnknownFieldNamesFileLineAndColumn) {
  ParameterManifest manifest;
  absl::Status status = ParseTextProto(
      "fixtures/x.textproto", "fixture: \"a\"\n  colour: 3\n", &manifest);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("fixtures/x.textproto:2:"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("colour"));
}

TEST(TextProtoTest, WrongMessageHeaderIsRejected) {
  const std::string path = TempPath("wrong_header.textproto");
  ASSERT_TRUE(WriteFileAtomically(
                  path, "# proto-message: weightwalk.Fixture\nfixture: \"a\"\n")
                  .ok());
  ParameterManifest manifest;
  absl::Status status = ReadTextProto(path, &manifest);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("holds a weightwalk.Fixture, expected a "
                        "weightwalk.ParameterManifest"));
}

TEST(TextProtoTest, MissingFileIsNotFound) {
  ParameterManifest manifest;
  EXPECT_EQ(ReadTextProto(TempPath("does_not_exist"), &manifest).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace weightwalk
