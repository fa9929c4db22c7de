#include "checkpoint/writer.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checkpoint/safetensors.h"
#include "tools/base/json_writer.h"
#include "tools/base/status_macros.h"
#include "tools/base/textproto.h"

namespace weightwalk {
namespace {

uint64_t Bytes(const CheckpointTensor& tensor, int element) {
  uint64_t elements = 1;
  for (int64_t dimension : tensor.shape())
    elements *= static_cast<uint64_t>(dimension);
  return elements * static_cast<uint64_t>(element);
}

absl::Status WriteShard(const std::string& path,
                        const std::vector<const CheckpointTensor*>& tensors,
                        const std::string& dtype, int element) {
  JsonObject header;
  JsonObject metadata;
  metadata.Set("format", "pt");
  header.Set("__metadata__", metadata);
  // As the safetensors library writes a shard of one dtype: its tensors
  // by name, in the header and in the data. (The index lists names in the
  // same order, so a header and its index agree tensor by tensor.)
  std::vector<const CheckpointTensor*> by_name = tensors;
  std::sort(by_name.begin(), by_name.end(),
            [](const CheckpointTensor* a, const CheckpointTensor* b) {
              return a->name() < b->name();
            });
  uint64_t offset = 0;
  for (const CheckpointTensor* tensor : by_name) {
    JsonObject entry;
    entry.Set("dtype", dtype);
    entry.SetIntegers("shape",
                      {tensor->shape().begin(), tensor->shape().end()});
    const uint64_t end = offset + Bytes(*tensor, element);
    entry.SetIntegers("data_offsets", {static_cast<int64_t>(offset),
                                       static_cast<int64_t>(end)});
    header.Set(tensor->name(), entry);
    offset = end;
  }
  std::string text = header.ToString(0);
  text.pop_back();  // The trailing newline.
  // Pad to 8 bytes, as the reference writer does, so data stays aligned.
  while (text.size() % 8 != 0) text.push_back(' ');
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot write: ", std::strerror(errno)));
  }
  char length[8];
  for (int i = 0; i < 8; ++i) {
    length[i] = static_cast<char>((text.size() >> (8 * i)) & 0xff);
  }
  out.write(length, 8);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": write failed"));
  }
  // The zero-filled data as a hole: the file has its full size (readers
  // check the offsets against it) but takes no disk space or write time, so
  // checkpoints of any size are header-only on disk.
  std::error_code error;
  std::filesystem::resize_file(path, 8 + text.size() + offset, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot extend: ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteCheckpoint(const std::string& directory,
                             const CheckpointToWrite& checkpoint) {
  namespace fs = std::filesystem;
  const int element = DtypeSize(ParseDtype(checkpoint.dtype));
  if (element == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown dtype \"", checkpoint.dtype, "\""));
  }
  if (fs::exists(directory)) {
    return absl::InvalidArgumentError(
        absl::StrCat(directory,
                     ": already exists; make-checkpoint writes a new "
                     "directory"));
  }
  // Every size below (a tensor's bytes, a shard's, the total) fits in
  // int64, as the safetensors format needs.
  uint64_t checked_total = 0;
  for (const CheckpointTensor& tensor : checkpoint.tensors) {
    uint64_t size = static_cast<uint64_t>(element);
    bool overflow = false;
    for (const int64_t dimension : tensor.shape()) {
      overflow |=
          dimension < 0 ||
          __builtin_mul_overflow(size, static_cast<uint64_t>(dimension), &size);
    }
    overflow |= __builtin_add_overflow(checked_total, size, &checked_total);
    if (overflow || checked_total > static_cast<uint64_t>(INT64_MAX)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot write ", tensor.name(),
                       ": the checkpoint's size would be "
                       "over 2^63 bytes"));
    }
  }
  // Group into shards.
  std::vector<std::vector<const CheckpointTensor*>> shards(1);
  uint64_t bytes = 0;
  for (const CheckpointTensor& tensor : checkpoint.tensors) {
    const uint64_t size = Bytes(tensor, element);
    if (!shards.back().empty() && bytes + size > checkpoint.shard_bytes) {
      shards.emplace_back();
      bytes = 0;
    }
    shards.back().push_back(&tensor);
    bytes += size;
  }
  const std::string temporary =
      absl::StrCat(fs::path(directory).string(), ".tmp.", getpid());
  std::error_code error;
  fs::remove_all(temporary, error);
  if (!fs::create_directories(temporary, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(temporary, ": cannot create: ", error.message()));
  }
  const auto fail = [&](absl::Status status) {
    std::error_code ignored;
    fs::remove_all(temporary, ignored);
    return status;
  };
  std::map<std::string, std::string> weight_map;
  uint64_t total = 0;
  for (size_t k = 0; k < shards.size(); ++k) {
    const std::string name =
        absl::StrFormat("model-%05d-of-%05d.safetensors", k + 1, shards.size());
    absl::Status status = WriteShard((fs::path(temporary) / name).string(),
                                     shards[k], checkpoint.dtype, element);
    if (!status.ok()) return fail(status);
    for (const CheckpointTensor* tensor : shards[k]) {
      weight_map[tensor->name()] = name;
      total += Bytes(*tensor, element);
    }
  }
  JsonObject index;
  JsonObject metadata;
  metadata.Set("total_size", static_cast<int64_t>(total));
  index.Set("metadata", metadata);
  JsonObject map;
  for (const auto& [tensor, shard] : weight_map) map.Set(tensor, shard);
  index.Set("weight_map", map);
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"model.safetensors.index.json",
                                            index.ToString()},
        std::pair<std::string, std::string>{"config.json",
                                            checkpoint.config_json}}) {
    absl::Status status =
        WriteFileAtomically((fs::path(temporary) / name).string(), text);
    if (!status.ok()) return fail(status);
  }
  fs::rename(temporary, directory, error);
  if (error) {
    return fail(absl::InvalidArgumentError(absl::StrCat(
        directory,
        ": cannot move the checkpoint into place: ", error.message())));
  }
  return absl::OkStatus();
}

}  // namespace weightwalk
