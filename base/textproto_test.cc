#include "base/textproto.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "base/testdata/test_manifest.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

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
              HasSubstr(directory + ": is a directory, not a regular file"));
}

// A FIFO would block the first read forever and /dev/zero never ends:
// both are refused at once, by what they are.
TEST(ReadFileTest, RefusesWhatIsNotARegularFile) {
  const std::string fifo = TempPath("read_file_fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  absl::StatusOr<std::string> read = ReadFile(fifo);
  EXPECT_THAT(read.status().message(),
              HasSubstr(fifo + ": is a FIFO, not a regular file"));
  read = ReadFile("/dev/zero");
  EXPECT_THAT(
      read.status().message(),
      HasSubstr("/dev/zero: is a character device, not a regular file"));
}

TEST(ReadFileTest, RefusesFilesOverTheLimit) {
  const std::string path = TempPath("read_file_limit.txt");
  ASSERT_TRUE(WriteFileAtomically(path, std::string(1001, 'x')).ok());
  EXPECT_TRUE(ReadFile(path, 1001).ok());
  absl::StatusOr<std::string> read = ReadFile(path, 1000);
  EXPECT_THAT(read.status().message(),
              HasSubstr(path + ": 1001 bytes, over weightwalk's limit of 1000 "
                               "bytes for this kind of file"));
  // A /proc file has no size until read: the limit holds there too.
  read = ReadFile("/proc/self/status", 10);
  EXPECT_THAT(read.status().message(),
              HasSubstr("over weightwalk's limit of 10 bytes"));
}

// The file written is the target's, with the umask's permissions (mkstemp
// alone would leave 0600), and no temporary file is left beside it.
TEST(WriteFileAtomicallyTest, WritesWithTheUmasksPermissions) {
  const std::string directory = TempPath("write_atomically");
  ASSERT_EQ(mkdir(directory.c_str(), 0700), 0);
  const mode_t old_mask = umask(022);
  ASSERT_TRUE(WriteFileAtomically(directory + "/out.txt", "hello").ok());
  umask(old_mask);
  struct stat info;
  ASSERT_EQ(stat((directory + "/out.txt").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
  EXPECT_EQ(*ReadFile(directory + "/out.txt"), "hello");
  size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
}

TEST(TextProtoTest, FormatsWithHeadersAndShortRepeatedNumbers) {
  testing::TestManifest manifest;
  manifest.set_fixture("llama");
  testing::TestEntry* parameter = manifest.add_parameters();
  parameter->set_name("embeddings.word_embeddings_weight");
  parameter->add_shape(384);
  parameter->add_shape(256);
  EXPECT_EQ(FormatTextProto(manifest, "base/testdata/test_manifest.proto"),
            "# proto-file: base/testdata/test_manifest.proto\n"
            "# proto-message: weightwalk.testing.TestManifest\n"
            "fixture: \"llama\"\n"
            "parameters {\n"
            "  name: \"embeddings.word_embeddings_weight\"\n"
            "  shape: [384, 256]\n"
            "}\n");
}

TEST(TextProtoTest, RoundTripsThroughAFile) {
  testing::TestManifest manifest;
  manifest.set_fixture("x");
  manifest.add_parameters()->set_name("a.weight");
  const std::string path = TempPath("round_trip.textproto");
  ASSERT_TRUE(WriteTextProto(path, manifest, "p.proto").ok());
  testing::TestManifest read;
  ASSERT_TRUE(ReadTextProto(path, &read).ok());
  EXPECT_EQ(read.DebugString(), manifest.DebugString());
}

TEST(TextProtoTest, UnknownFieldNamesFileLineAndColumn) {
  testing::TestManifest manifest;
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
  testing::TestManifest manifest;
  absl::Status status = ReadTextProto(path, &manifest);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("holds a weightwalk.Fixture, expected a "
                        "weightwalk.testing.TestManifest"));
}

TEST(TextProtoTest, MissingFileIsNotFound) {
  testing::TestManifest manifest;
  EXPECT_EQ(ReadTextProto(TempPath("does_not_exist"), &manifest).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace weightwalk
