#include "checkpoint/checkpoint.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "base/textproto.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/shard.h"
#include "checkpoint/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

CheckpointTensor Tensor(const std::string& name, std::vector<int64_t> shape) {
  CheckpointTensor tensor;
  tensor.set_name(name);
  for (int64_t dimension : shape) tensor.add_shape(dimension);
  return tensor;
}

std::string Fresh(const std::string& name) {
  const char* root = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(root ? root : "/tmp", "/", name);
  fs::remove_all(path);
  return path;
}

CheckpointToWrite ThreeTensors() {
  CheckpointToWrite checkpoint;
  checkpoint.tensors = {Tensor("a.weight", {64, 64}), Tensor("b.weight", {64}),
                        Tensor("c.weight", {64, 64})};
  checkpoint.config_json = "{}\n";
  checkpoint.shard_bytes = 10000;  // each 64x64 BF16 tensor is 8192 bytes
  return checkpoint;
}

TEST(CheckpointTest, WrittenCheckpointReadsBackWithShapes) {
  const std::string directory = Fresh("written");
  ASSERT_TRUE(WriteCheckpoint(directory, ThreeTensors()).ok());
  EXPECT_TRUE(fs::exists(directory + "/model-00002-of-00002.safetensors"));
  absl::StatusOr<CheckpointManifest> manifest = ReadCheckpoint(directory);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  ASSERT_EQ(manifest->tensors_size(), 3);
  EXPECT_EQ(manifest->shards_read_size(), 2);
  EXPECT_TRUE(manifest->index_shard_mismatches().empty());
  EXPECT_EQ(manifest->tensors(0).name(), "a.weight");
  EXPECT_TRUE(manifest->tensors(0).shape_known());
  EXPECT_THAT(manifest->tensors(0).shape(), ::testing::ElementsAre(64, 64));
  EXPECT_EQ(ShardOf(*manifest, manifest->tensors(2)),
            "model-00002-of-00002.safetensors");
  // Each tensor is its header's, field for field, but for naming its shard
  // by its place in index_shards.
  for (const CheckpointTensor& tensor : manifest->tensors()) {
    absl::StatusOr<std::vector<CheckpointTensor>> header =
        ReadSafetensorsHeader(directory + "/" + ShardOf(*manifest, tensor));
    ASSERT_TRUE(header.ok()) << header.status();
    bool found = false;
    for (CheckpointTensor& from_header : *header) {
      if (from_header.name() != tensor.name()) continue;
      from_header.clear_shard();
      from_header.set_shard_index(tensor.shard_index());
      EXPECT_EQ(from_header.SerializeAsString(), tensor.SerializeAsString());
      found = true;
    }
    EXPECT_TRUE(found) << tensor.name();
  }
  // Named once, by index, not on each tensor.
  EXPECT_EQ(manifest->tensors(2).shard(), "");
  EXPECT_THAT(manifest->index_shards(),
              ::testing::ElementsAre("model-00001-of-00002.safetensors",
                                     "model-00002-of-00002.safetensors"));
  // No temporary directory is left behind, and it will not overwrite.
  EXPECT_FALSE(fs::exists(directory + ".tmp." + std::to_string(getpid())));
  EXPECT_THAT(std::string(WriteCheckpoint(directory, ThreeTensors()).message()),
              HasSubstr("already exists"));
}

// A shard lists its tensors by name, as the safetensors library writes
// one, whatever order they were given in.
TEST(CheckpointTest, WrittenShardsListTensorsByName) {
  const std::string directory = Fresh("by_name");
  CheckpointToWrite checkpoint;
  checkpoint.tensors = {Tensor("z.weight", {4}), Tensor("a.weight", {4}),
                        Tensor("m.weight", {4})};
  checkpoint.config_json = "{}\n";
  ASSERT_TRUE(WriteCheckpoint(directory, checkpoint).ok());
  absl::StatusOr<std::vector<CheckpointTensor>> header =
      ReadSafetensorsHeader(directory + "/model-00001-of-00001.safetensors");
  ASSERT_TRUE(header.ok()) << header.status();
  std::vector<std::string> names;
  for (const CheckpointTensor& tensor : *header) names.push_back(tensor.name());
  EXPECT_THAT(names,
              ::testing::ElementsAre("a.weight", "m.weight", "z.weight"));
}

TEST(CheckpointTest, IndexAndShardsThatDisagreeAreReported) {
  const std::string directory = Fresh("mismatched");
  ASSERT_TRUE(WriteCheckpoint(directory, ThreeTensors()).ok());
  // Point c.weight at the first shard, and drop b.weight from the index.
  const std::string index_path = directory + "/model.safetensors.index.json";
  std::string index = *ReadFile(index_path);
  index = absl::StrReplaceAll(
      index,
      {{"\"c.weight\": \"model-00002-of-00002.safetensors\"",
        "\"c.weight\": \"model-00001-of-00002.safetensors\""},
       {"    \"b.weight\": \"model-00001-of-00002.safetensors\",\n", ""}});
  ASSERT_TRUE(WriteFileAtomically(index_path, index).ok());
  absl::StatusOr<CheckpointManifest> manifest = ReadCheckpoint(directory);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  ASSERT_EQ(manifest->index_shard_mismatches_size(), 2);
  EXPECT_EQ(manifest->index_shard_mismatches(0).tensor(), "c.weight");
  EXPECT_EQ(manifest->index_shard_mismatches(0).index_shard(),
            "model-00001-of-00002.safetensors");
  EXPECT_EQ(manifest->index_shard_mismatches(0).header_shard(),
            "model-00002-of-00002.safetensors");
  EXPECT_EQ(manifest->index_shard_mismatches(1).tensor(), "b.weight");
  EXPECT_EQ(manifest->index_shard_mismatches(1).index_shard(), "");
}

// Headers are merged one at a time, yet the report keeps its order: the
// index's entries in index order (whichever header is read first), then
// the header tensors the index does not list, in header order.
TEST(CheckpointTest, MismatchesAreInIndexOrderThenHeaderOrder) {
  const std::string directory = Fresh("order");
  CheckpointToWrite checkpoint;
  for (const char* name : {"a", "b", "c", "d", "e", "f"}) {
    checkpoint.tensors.push_back(
        Tensor(absl::StrCat(name, ".weight"), {64, 64}));
  }
  checkpoint.config_json = "{}\n";
  checkpoint.shard_bytes = 17000;  // two 8192-byte tensors a shard
  ASSERT_TRUE(WriteCheckpoint(directory, checkpoint).ok());
  const std::string s1 = "model-00001-of-00003.safetensors";  // a, b
  const std::string s2 = "model-00002-of-00003.safetensors";  // c, d
  const std::string s3 = "model-00003-of-00003.safetensors";  // e, f
  ASSERT_TRUE(fs::exists(directory + "/" + s3));
  // Not in name order; e and b point at the wrong shard, x is in no
  // header, d is not listed.
  ASSERT_TRUE(
      WriteFileAtomically(
          directory + "/model.safetensors.index.json",
          absl::StrCat("{\"metadata\": {\"total_size\": 49152}, "
                       "\"weight_map\": {\"f.weight\": \"",
                       s3, "\", \"e.weight\": \"", s1, "\", \"x.weight\": \"",
                       s2, "\", \"c.weight\": \"", s2, "\", \"b.weight\": \"",
                       s3, "\", \"a.weight\": \"", s1, "\"}}\n"))
          .ok());
  absl::StatusOr<CheckpointManifest> manifest = ReadCheckpoint(directory);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  std::vector<std::string> tensors;
  for (const CheckpointTensor& tensor : manifest->tensors()) {
    tensors.push_back(absl::StrCat(tensor.name(), " ",
                                   ShardOf(*manifest, tensor),
                                   tensor.shape_known() ? " known" : ""));
  }
  EXPECT_THAT(tensors,
              ::testing::ElementsAre(
                  "f.weight " + s3 + " known", "e.weight " + s3 + " known",
                  "x.weight " + s2, "c.weight " + s2 + " known",
                  "b.weight " + s1 + " known", "a.weight " + s1 + " known"));
  std::vector<std::string> mismatches;
  for (const IndexShardMismatch& mismatch :
       manifest->index_shard_mismatches()) {
    mismatches.push_back(absl::StrCat(mismatch.tensor(),
                                      " index:", mismatch.index_shard(),
                                      " header:", mismatch.header_shard()));
  }
  EXPECT_THAT(mismatches,
              ::testing::ElementsAre("e.weight index:" + s1 + " header:" + s3,
                                     "x.weight index:" + s2 + " header:",
                                     "b.weight index:" + s3 + " header:" + s1,
                                     "d.weight index: header:" + s2));
}

TEST(CheckpointTest, ASingleSafetensorsFileNeedsNoIndex) {
  const std::string directory = Fresh("single");
  ASSERT_TRUE(WriteCheckpoint(directory, ThreeTensors()).ok());
  fs::remove(directory + "/model.safetensors.index.json");
  fs::rename(directory + "/model-00001-of-00002.safetensors",
             directory + "/model.safetensors");
  absl::StatusOr<CheckpointManifest> manifest = ReadCheckpoint(directory);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->tensors_size(), 2);
}

// Which shards are there is decided as a stat would: a symlink counts as
// its target (read when it is a file, absent when dangling).
TEST(CheckpointTest, ShardsAreThereAsTheFileSystemSays) {
  const std::string directory = Fresh("links");
  ASSERT_TRUE(WriteCheckpoint(directory, ThreeTensors()).ok());
  const std::string first = directory + "/model-00001-of-00002.safetensors";
  const std::string second = directory + "/model-00002-of-00002.safetensors";
  fs::create_directory(directory + "/real");
  fs::rename(first, directory + "/real/first.safetensors");
  fs::create_symlink("real/first.safetensors", first);
  fs::remove(second);
  fs::create_symlink("gone.safetensors", second);
  absl::StatusOr<CheckpointManifest> manifest = ReadCheckpoint(directory);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_THAT(manifest->shards_read(),
              ::testing::ElementsAre("model-00001-of-00002.safetensors"));
  // c.weight's shard is a dangling link: the headers read do not hold it.
  ASSERT_EQ(manifest->index_shard_mismatches_size(), 1);
  EXPECT_EQ(manifest->index_shard_mismatches(0).tensor(), "c.weight");
}

// A shard file the index does not name is read too, and named after the
// index's shards; a name in two headers is the first header's (by file
// name).
TEST(CheckpointTest, AShardTheIndexDoesNotNameIsReadToo) {
  const std::string directory = Fresh("extra");
  ASSERT_TRUE(WriteCheckpoint(directory, ThreeTensors()).ok());
  fs::copy_file(directory + "/model-00002-of-00002.safetensors",
                directory + "/extra.safetensors");
  absl::StatusOr<CheckpointManifest> manifest = ReadCheckpoint(directory);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_THAT(manifest->index_shards(),
              ::testing::ElementsAre("model-00001-of-00002.safetensors",
                                     "model-00002-of-00002.safetensors",
                                     "extra.safetensors"));
  ASSERT_EQ(manifest->tensors_size(), 3);
  EXPECT_EQ(manifest->tensors(2).name(), "c.weight");
  EXPECT_EQ(ShardOf(*manifest, manifest->tensors(2)), "extra.safetensors");
  ASSERT_EQ(manifest->index_shard_mismatches_size(), 1);
  EXPECT_EQ(manifest->index_shard_mismatches(0).tensor(), "c.weight");
  EXPECT_EQ(manifest->index_shard_mismatches(0).index_shard(),
            "model-00002-of-00002.safetensors");
  EXPECT_EQ(manifest->index_shard_mismatches(0).header_shard(),
            "extra.safetensors");
}

// 150 shards of one tensor each: enough that their headers are read on
// two threads, a chunk at a time.
CheckpointToWrite OneTensorAShard() {
  CheckpointToWrite checkpoint;
  for (int i = 0; i < 150; ++i) {
    checkpoint.tensors.push_back(
        Tensor(absl::StrFormat("t%03d.weight", i), {64, 64}));
  }
  checkpoint.config_json = "{}\n";
  checkpoint.shard_bytes = 9000;  // one 8192-byte tensor a shard
  return checkpoint;
}

std::string ShardFile(int i) {
  return absl::StrFormat("model-%05d-of-00150.safetensors", i + 1);
}

// Read on two threads, the headers are still merged in shard order: the
// same tensors, shards and mismatches as one thread reading them in turn
// would give, on every run.
TEST(CheckpointTest, ManyShardsReadOnTwoThreadsMergeInOrder) {
  const std::string directory = Fresh("many");
  ASSERT_TRUE(WriteCheckpoint(directory, OneTensorAShard()).ok());
  ASSERT_TRUE(fs::exists(directory + "/" + ShardFile(149)));
  // t010 and t140 swap shards in the index; t077 is not listed.
  const std::string index_path = directory + "/model.safetensors.index.json";
  std::string index = *ReadFile(index_path);
  index = absl::StrReplaceAll(
      index,
      {{absl::StrCat("\"t010.weight\": \"", ShardFile(10)),
        absl::StrCat("\"t010.weight\": \"", ShardFile(140))},
       {absl::StrCat("\"t140.weight\": \"", ShardFile(140)),
        absl::StrCat("\"t140.weight\": \"", ShardFile(10))},
       {absl::StrCat("    \"t077.weight\": \"", ShardFile(77), "\",\n"), ""}});
  ASSERT_TRUE(WriteFileAtomically(index_path, index).ok());
  for (int run = 0; run < 20; ++run) {
    absl::StatusOr<CheckpointManifest> manifest = ReadCheckpoint(directory);
    ASSERT_TRUE(manifest.ok()) << manifest.status();
    ASSERT_EQ(manifest->shards_read_size(), 150);
    ASSERT_EQ(manifest->tensors_size(), 149);
    for (int i = 0; i < 150; ++i) {
      ASSERT_EQ(manifest->shards_read(i), ShardFile(i));
      if (i == 77) continue;
      const CheckpointTensor& tensor = manifest->tensors(i < 77 ? i : i - 1);
      ASSERT_EQ(tensor.name(), absl::StrFormat("t%03d.weight", i));
      ASSERT_TRUE(tensor.shape_known());
      ASSERT_EQ(ShardOf(*manifest, tensor), ShardFile(i));
    }
    std::vector<std::string> mismatches;
    for (const IndexShardMismatch& mismatch :
         manifest->index_shard_mismatches()) {
      mismatches.push_back(absl::StrCat(mismatch.tensor(), " ",
                                        mismatch.index_shard(), " ",
                                        mismatch.header_shard()));
    }
    ASSERT_THAT(
        mismatches,
        ::testing::ElementsAre(
            absl::StrCat("t010.weight ", ShardFile(140), " ", ShardFile(10)),
            absl::StrCat("t140.weight ", ShardFile(10), " ", ShardFile(140)),
            absl::StrCat("t077.weight  ", ShardFile(77))));
  }
}

// Of two unreadable shards, the first in order is reported, whichever
// thread reads it, and whether or not they are in one chunk.
TEST(CheckpointTest, TheFirstUnreadableShardIsReported) {
  const std::string directory = Fresh("many_corrupt");
  ASSERT_TRUE(WriteCheckpoint(directory, OneTensorAShard()).ok());
  for (const auto& [first, second] :
       std::vector<std::pair<int, int>>{{130, 140}, {40, 130}, {0, 1}}) {
    const std::string copy = Fresh("many_corrupt_copy");
    fs::copy(directory, copy);
    fs::resize_file(copy + "/" + ShardFile(second), 40);
    fs::resize_file(copy + "/" + ShardFile(first), 40);
    for (int run = 0; run < 10; ++run) {
      const std::string message(ReadCheckpoint(copy).status().message());
      ASSERT_THAT(message, HasSubstr(ShardFile(first) + ": byte 0"));
      ASSERT_THAT(message, ::testing::Not(HasSubstr(ShardFile(second))));
    }
  }
}

TEST(CheckpointTest, ACorruptShardIsBadInput) {
  const std::string directory = Fresh("corrupt");
  ASSERT_TRUE(WriteCheckpoint(directory, ThreeTensors()).ok());
  const std::string shard = directory + "/model-00001-of-00002.safetensors";
  fs::resize_file(shard, 40);  // cut into the header
  EXPECT_THAT(std::string(ReadCheckpoint(directory).status().message()),
              HasSubstr("runs past the end of the 40-byte file"));
}

}  // namespace
}  // namespace weightwalk
