#include "checkpoint/writer.h"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/json_writer.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "checkpoint/safetensors.h"

namespace weightwalk {
namespace {

// The bytes of `tensor`'s data at `bits` an element (checked beforehand to
// be a whole number that fits).
uint64_t Bytes(const CheckpointTensor& tensor, int bits) {
  uint64_t elements = 1;
  for (int64_t dimension : tensor.shape())
    elements *= static_cast<uint64_t>(dimension);
  return elements * static_cast<uint64_t>(bits) / 8;
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

namespace {

namespace fs = std::filesystem;

// OUT as the user wrote it, without trailing slashes ("ckpt/" is "ckpt",
// as tab completion writes it); an error for an empty path or the root.
absl::StatusOr<fs::path> OutputPath(const std::string& directory) {
  std::string trimmed = directory;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  if (trimmed.empty()) {
    return absl::InvalidArgumentError(
        "make-checkpoint needs an output directory; the path given is empty");
  }
  if (trimmed == "/" || fs::path(trimmed).filename() == "." ||
      fs::path(trimmed).filename() == "..") {
    return absl::InvalidArgumentError(absl::StrCat(
        directory, ": name a new directory to write the checkpoint into"));
  }
  return fs::path(trimmed);
}

// Whether `out` may receive the checkpoint: it does not exist, or is an
// empty directory (which the rename then replaces).
absl::Status CheckOutput(const fs::path& out) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(out, error);
  if (error && error != std::errc::no_such_file_or_directory) {
    return absl::InvalidArgumentError(
        absl::StrCat(out.string(), ": ", error.message()));
  }
  if (!fs::exists(status)) return absl::OkStatus();
  if (!fs::is_directory(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat(out.string(),
                     ": already exists and is not a directory; "
                     "make-checkpoint writes a new directory"));
  }
  const bool empty = fs::is_empty(out, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat(out.string(), ": ", error.message()));
  }
  if (!empty) {
    return absl::InvalidArgumentError(
        absl::StrCat(out.string(),
                     ": already exists and is not empty; make-checkpoint "
                     "writes a new (or empty) directory"));
  }
  return absl::OkStatus();
}

// SIGINT, SIGTERM and SIGHUP are held while the checkpoint is written, so
// that one arriving mid-write is acted on between steps, after the
// temporary directory is removed: it then ends the process as it would
// have. The mask is restored on destruction.
class HeldSignals {
 public:
  HeldSignals() {
    sigemptyset(&held_);
    for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
      // One the process ignores (nohup, a background job) stays ignored.
      struct sigaction action;
      if (sigaction(signal, nullptr, &action) == 0 &&
          action.sa_handler == SIG_IGN) {
        continue;
      }
      sigaddset(&held_, signal);
    }
    pthread_sigmask(SIG_BLOCK, &held_, &previous_);
  }
  ~HeldSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

  // Whether one of them is pending.
  bool Pending() const {
    sigset_t pending;
    sigpending(&pending);
    for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
      if (sigismember(&held_, signal) && sigismember(&pending, signal)) {
        return true;
      }
    }
    return false;
  }

  // Delivers what is pending: a signal whose action is the default ends
  // the process here.
  void Release() const { pthread_sigmask(SIG_UNBLOCK, &held_, nullptr); }

 private:
  sigset_t held_;
  sigset_t previous_;
};

// Every size (a tensor's bytes, a shard's, the total) fits in int64, as
// the safetensors format needs, and each tensor fills whole bytes.
absl::Status CheckSizes(const CheckpointToWrite& checkpoint, int element) {
  uint64_t checked_total = 0;
  for (const CheckpointTensor& tensor : checkpoint.tensors) {
    uint64_t bits = static_cast<uint64_t>(element);
    bool overflow = false;
    for (const int64_t dimension : tensor.shape()) {
      overflow |=
          dimension < 0 ||
          __builtin_mul_overflow(bits, static_cast<uint64_t>(dimension), &bits);
    }
    overflow |= __builtin_add_overflow(checked_total, bits / 8, &checked_total);
    if (overflow || checked_total > static_cast<uint64_t>(INT64_MAX)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot write ", tensor.name(),
                       ": the checkpoint's size would be over 2^63 bytes"));
    }
    if (bits % 8 != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot write ", tensor.name(), " in ", checkpoint.dtype,
                       ": its elements do not fill a whole number of bytes"));
    }
  }
  return absl::OkStatus();
}

using Shards = std::vector<std::vector<const CheckpointTensor*>>;

// The tensors in order, a new shard starting where one would pass
// shard_bytes.
Shards GroupIntoShards(const CheckpointToWrite& checkpoint, int element) {
  Shards shards(1);
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
  return shards;
}

// A new directory of its own beside `out` (mkdtemp: a name nobody has,
// made by this process), removed on destruction unless kept: removing it
// never removes anything else.
class TemporaryDirectory {
 public:
  static absl::StatusOr<std::unique_ptr<TemporaryDirectory>> Beside(
      const fs::path& out) {
    std::string pattern =
        (out.parent_path() /
         absl::StrCat(".", out.filename().string(), ".tmp.XXXXXX"))
            .string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          out.string(),
          ": cannot create a directory beside it: ", std::strerror(errno)));
    }
    return std::unique_ptr<TemporaryDirectory>(new TemporaryDirectory(pattern));
  }
  ~TemporaryDirectory() { Remove(); }

  const fs::path& path() const { return path_; }
  void Remove() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove_all(path_, ignored);
    path_.clear();
  }
  // Renamed to `out`: nothing is left to remove.
  absl::Status MoveTo(const fs::path& out) {
    // Replaces OUT only if it is (still) missing or an empty directory.
    if (rename(path_.c_str(), out.c_str()) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          out.string(),
          ": cannot move the checkpoint into place: ", std::strerror(errno)));
    }
    path_.clear();
    return absl::OkStatus();
  }

 private:
  explicit TemporaryDirectory(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

// model.safetensors.index.json for `weight_map` (tensor -> shard).
std::string IndexJson(const std::map<std::string, std::string>& weight_map,
                      uint64_t total) {
  JsonObject index;
  JsonObject metadata;
  metadata.Set("total_size", static_cast<int64_t>(total));
  index.Set("metadata", metadata);
  JsonObject map;
  for (const auto& [tensor, shard] : weight_map) map.Set(tensor, shard);
  index.Set("weight_map", map);
  return index.ToString();
}

// Writes the shards, the index and config.json into `directory`; a held
// signal stops it between files (CancelledError).
absl::Status WriteFiles(TemporaryDirectory& directory, const Shards& shards,
                        const CheckpointToWrite& checkpoint, int element,
                        const HeldSignals& signals) {
  const absl::Status interrupted =
      absl::CancelledError("interrupted; nothing was written");
  std::map<std::string, std::string> weight_map;
  uint64_t total = 0;
  for (size_t k = 0; k < shards.size(); ++k) {
    if (signals.Pending()) return interrupted;
    const std::string name =
        absl::StrFormat("model-%05d-of-%05d.safetensors", k + 1, shards.size());
    RETURN_IF_ERROR(WriteShard((directory.path() / name).string(), shards[k],
                               checkpoint.dtype, element));
    for (const CheckpointTensor* tensor : shards[k]) {
      weight_map[tensor->name()] = name;
      total += Bytes(*tensor, element);
    }
  }
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"model.safetensors.index.json",
                                            IndexJson(weight_map, total)},
        std::pair<std::string, std::string>{"config.json",
                                            checkpoint.config_json}}) {
    if (signals.Pending()) return interrupted;
    RETURN_IF_ERROR(
        WriteFileAtomically((directory.path() / name).string(), text));
  }
  if (signals.Pending()) return interrupted;
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteCheckpoint(const std::string& directory,
                             const CheckpointToWrite& checkpoint) {
  const int element = DtypeBits(ParseDtype(checkpoint.dtype));
  if (element == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown dtype \"", checkpoint.dtype, "\""));
  }
  ASSIGN_OR_RETURN(const fs::path out, OutputPath(directory));
  RETURN_IF_ERROR(CheckOutput(out));
  RETURN_IF_ERROR(CheckSizes(checkpoint, element));
  const Shards shards = GroupIntoShards(checkpoint, element);
  HeldSignals signals;
  ASSIGN_OR_RETURN(std::unique_ptr<TemporaryDirectory> temporary,
                   TemporaryDirectory::Beside(out));
  const absl::Status written =
      WriteFiles(*temporary, shards, checkpoint, element, signals);
  if (absl::IsCancelled(written)) {
    // The directory goes first; then the signal ends the process as it
    // would have (unblocking delivers it), or, were it handled, the write
    // stops here.
    temporary->Remove();
    signals.Release();
    return absl::CancelledError(
        absl::StrCat(out.string(), ": ", written.message()));
  }
  RETURN_IF_ERROR(written);
  return temporary->MoveTo(out);
}

}  // namespace weightwalk
