#include "checkpoint/checkpoint.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/name_index.h"
#include "base/status_macros.h"
#include "checkpoint/index.h"
#include "checkpoint/safetensors.h"
#include "checkpoint/shard.h"

namespace weightwalk {

namespace {

using Shards = google::protobuf::RepeatedPtrField<std::string>;

// Merges the shard headers into the index's tensors one header at a time,
// so that a checkpoint's tensors are held once, not once from the index and
// once from the headers (775,003 names: 160 MB less). Each index entry
// takes the dtype and shape of the first header holding its name (headers
// in the order given), in place: a header's names are views of its text,
// so no name is allocated twice.
class HeaderMerge {
 public:
  // `tensors` are the index's, each name once; `shards` the index's list of
  // shards, which their shard_index points into.
  HeaderMerge(CheckpointTensors& tensors, const Shards& shards)
      : tensors_(tensors),
        shards_(shards),
        taken_(tensors.size(), kInNoHeader) {
    // The index's entries grouped by shard, each group in index order.
    group_start_.assign(shards.size() + 1, 0);
    for (const CheckpointTensor& tensor : tensors) {
      if (const int group = GroupOf(tensor); group >= 0) {
        ++group_start_[group + 1];
      }
    }
    for (size_t i = 1; i < group_start_.size(); ++i) {
      group_start_[i] += group_start_[i - 1];
    }
    grouped_.resize(group_start_.back());
    std::vector<uint32_t> next(group_start_.begin(), group_start_.end() - 1);
    for (uint32_t id = 0; id < Entries(); ++id) {
      if (const int group = GroupOf(tensors[id]); group >= 0) {
        grouped_[next[group]++] = id;
      }
    }
  }

  // The header of `shard` (its place in `shards`, past the index's own
  // shards for a file the index does not name). Each index entry it holds
  // takes its dtype and shape, and is named by that place.
  void Add(const std::string& shard, int shard_index,
           const SafetensorsHeader& header) {
    // A header usually lists its tensors as the index does (both sorted by
    // name), so each is first compared with the next entry the index puts
    // in this shard, and looked up by name only when that is not it.
    const uint32_t* expected = nullptr;
    const uint32_t* expected_end = nullptr;
    if (shard_index >= 0 && shard_index < Groups()) {
      expected = grouped_.data() + group_start_[shard_index];
      expected_end = grouped_.data() + group_start_[shard_index + 1];
    }
    for (const HeaderTensor& tensor : header.tensors()) {
      uint32_t id;
      if (expected != expected_end &&
          tensors_[*expected].name() == tensor.name) {
        id = *expected++;
      } else {
        id = Lookup(tensor.name);
      }
      if (id == NameIndex::kNone) {
        IndexShardMismatch& mismatch = unlisted_.emplace_back();
        mismatch.set_tensor(std::string(tensor.name));
        mismatch.set_header_shard(shard);
        continue;
      }
      // A name in two headers: the first holder's tensor is the one taken.
      if (taken_[id] != kInNoHeader) continue;
      CheckpointTensor& entry = tensors_[id];
      // Both name the shard by its place in `shards` (the same place, as a
      // rule: no string is compared), or else by file name.
      if ((entry.shard().empty() && entry.shard_index() == shard_index) ||
          ShardOf(shards_, entry) == shard) {
        taken_[id] = kSameShard;
      } else {
        const std::string& index_shard = ShardOf(shards_, entry);
        taken_[id] = kOtherShard;
        IndexShardMismatch& mismatch =
            other_shard_.emplace_back(id, IndexShardMismatch()).second;
        mismatch.set_tensor(entry.name());
        mismatch.set_index_shard(index_shard);
        mismatch.set_header_shard(shard);
      }
      // The header's tensor, field for field, on the name already held.
      entry.clear_shard();
      entry.set_shard_index(shard_index);
      entry.set_dtype(tensor.dtype);
      entry.set_shape_known(true);
      entry.mutable_shape()->Clear();
      entry.mutable_shape()->Add(tensor.shape.begin(), tensor.shape.end());
    }
  }

  // The index's entries that no header holds or another shard's header
  // does, in index order; then the header tensors the index does not list,
  // in header order.
  void ReportMismatches(CheckpointManifest& manifest) {
    std::sort(other_shard_.begin(), other_shard_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    auto next_other = other_shard_.begin();
    for (uint32_t id = 0; id < Entries(); ++id) {
      if (taken_[id] == kSameShard) continue;
      IndexShardMismatch* mismatch = manifest.add_index_shard_mismatches();
      if (taken_[id] == kOtherShard) {
        mismatch->Swap(&(next_other++)->second);
        continue;
      }
      mismatch->set_tensor(tensors_[id].name());
      mismatch->set_index_shard(ShardOf(shards_, tensors_[id]));
    }
    for (IndexShardMismatch& mismatch : unlisted_) {
      manifest.add_index_shard_mismatches()->Swap(&mismatch);
    }
  }

 private:
  enum Taken : uint8_t { kInNoHeader, kSameShard, kOtherShard };

  uint32_t Entries() const { return static_cast<uint32_t>(tensors_.size()); }
  int Groups() const { return static_cast<int>(group_start_.size()) - 1; }

  // The index shard group of an index entry, or -1 when it names its shard
  // by string.
  int GroupOf(const CheckpointTensor& tensor) const {
    if (!tensor.shard().empty() || tensor.shard_index() < 0 ||
        tensor.shard_index() >= Groups()) {
      return -1;
    }
    return tensor.shard_index();
  }

  // The id of the index entry named `name`, or kNone; the name index is
  // built at the first header tensor out of the index's order.
  uint32_t Lookup(absl::string_view name) {
    const auto name_of = [this](uint32_t id) -> absl::string_view {
      return tensors_[id].name();
    };
    if (by_name_.size() == 0 && Entries() > 0) {
      by_name_.Reserve(Entries(), name_of);
      for (uint32_t id = 0; id < Entries(); ++id) {
        by_name_.FindOrAdd(tensors_[id].name(),
                           NameIndex::Hash(tensors_[id].name()), name_of,
                           [id] { return id; });
      }
    }
    return by_name_.Find(name, NameIndex::Hash(name), name_of);
  }

  CheckpointTensors& tensors_;
  const Shards& shards_;
  // What the headers gave each index entry, by its id (index order).
  std::vector<Taken> taken_;
  // The index's entries by shard: group g is grouped_[group_start_[g]]
  // up to grouped_[group_start_[g + 1]].
  std::vector<uint32_t> group_start_;
  std::vector<uint32_t> grouped_;
  NameIndex by_name_;
  // The mismatch of each entry whose header is another shard's, in header
  // order.
  std::vector<std::pair<uint32_t, IndexShardMismatch>> other_shard_;
  // The header tensors the index does not list, in header order.
  std::vector<IndexShardMismatch> unlisted_;
};

// A shard whose header is read: its file, and its place in the index's
// list of shards.
struct ShardToRead {
  const std::string* file;
  int index;
};

// Shards a worker reads before it takes its turn to hand them over.
constexpr size_t kHeaderChunk = 32;

// Reads the header of each of `shards` (files in `root`) and hands it to
// `take` in their order; stops at the first that cannot be read or that
// `take` refuses (returns an error for), in that order, and returns its
// error. From two chunks of shards on, the headers are read on two
// threads, a chunk at a time, and each chunk is handed over whole once the
// chunks before it have been: a checkpoint of 12,723 shards spends most
// of its run here, and opening and parsing a header needs nothing from the
// others. `take` is called under a lock, never on two threads at once.
template <typename Take>
absl::Status ReadHeadersInOrder(const std::filesystem::path& root,
                                const std::vector<ShardToRead>& shards,
                                const Take& take) {
  using Header = absl::StatusOr<SafetensorsHeader>;
  const auto read = [&](const ShardToRead& shard) -> Header {
    return ReadSafetensorsHeaderTensors((root / *shard.file).string());
  };
  const size_t chunks = (shards.size() + kHeaderChunk - 1) / kHeaderChunk;
  if (chunks < 2) {
    for (const ShardToRead& shard : shards) {
      Header header = read(shard);
      if (!header.ok()) return header.status();
      RETURN_IF_ERROR(take(shard, *header));
    }
    return absl::OkStatus();
  }
  std::atomic<size_t> next_chunk{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable handed_over;
  size_t chunks_handed_over = 0;  // guarded by mutex
  absl::Status error;             // guarded by mutex
  const auto work = [&] {
    std::vector<Header> headers;
    for (size_t chunk = next_chunk++; chunk < chunks && !failed;
         chunk = next_chunk++) {
      const size_t begin = chunk * kHeaderChunk;
      const size_t end = std::min(shards.size(), begin + kHeaderChunk);
      headers.clear();
      for (size_t i = begin; i < end; ++i) {
        headers.push_back(read(shards[i]));
        if (!headers.back().ok()) break;
      }
      std::unique_lock<std::mutex> lock(mutex);
      handed_over.wait(lock,
                       [&] { return failed || chunks_handed_over == chunk; });
      if (failed) return;
      for (size_t k = 0; k < headers.size() && !failed; ++k) {
        error = headers[k].ok() ? take(shards[begin + k], *headers[k])
                                : headers[k].status();
        failed = !error.ok();
      }
      ++chunks_handed_over;
      handed_over.notify_all();
    }
  };
  std::thread helper(work);
  work();
  helper.join();
  return error;
}

// Whether `path` names anything, itself (a dangling or looping link is
// there, and reading it then says what is wrong with it); an error when
// the directory cannot be searched.
absl::StatusOr<bool> IsThere(const std::filesystem::path& path) {
  std::error_code error;
  const std::filesystem::file_status status =
      std::filesystem::symlink_status(path, error);
  if (error && error != std::errc::no_such_file_or_directory) {
    return absl::InvalidArgumentError(
        absl::StrCat(path.string(), ": cannot stat: ", error.message()));
  }
  return std::filesystem::exists(status);
}

}  // namespace

namespace {

// The weight index to read: `index` (relative to `root` unless absolute),
// or else the one of the conventional names the directory holds; "" for
// none.
absl::StatusOr<std::string> IndexPath(const std::filesystem::path& root,
                                      const std::string& index) {
  if (!index.empty()) {
    return std::filesystem::path(index).is_absolute() ? index
                                                      : (root / index).string();
  }
  for (const char* name :
       {"model.safetensors.index.json", "pytorch_model.bin.index.json"}) {
    ASSIGN_OR_RETURN(const bool there, IsThere(root / name));
    if (there) return (root / name).string();
  }
  return std::string();
}

// A checkpoint of one model.safetensors and no index.
absl::StatusOr<CheckpointManifest> ReadSingleFile(
    const std::filesystem::path& root, CheckpointManifest manifest) {
  const std::filesystem::path single = root / "model.safetensors";
  ASSIGN_OR_RETURN(const bool there, IsThere(single));
  if (!there) {
    return absl::InvalidArgumentError(absl::StrCat(
        manifest.source(),
        ": no weight index (model.safetensors.index.json or "
        "pytorch_model.bin.index.json) and no model.safetensors; pass "
        "--index=FILE"));
  }
  ASSIGN_OR_RETURN(std::vector<CheckpointTensor> tensors,
                   ReadSafetensorsHeader(single.string()));
  for (CheckpointTensor& tensor : tensors) {
    *manifest.add_tensors() = std::move(tensor);
  }
  manifest.add_shards_read("model.safetensors");
  return manifest;
}

// Adds to `shards` every .safetensors file of `root` that is not a
// directory, and to `present` every one that is there. What the directory
// holds answers "is this shard there?" without a stat each (an index-only
// directory of 777 shards: 777 failed stats); the index reader accepts
// only plain file names.
absl::Status ListShards(const std::filesystem::path& root,
                        std::set<std::string>& shards,
                        absl::flat_hash_set<std::string>& present) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::directory_iterator entries(root, error);
  for (; !error && entries != fs::directory_iterator();
       entries.increment(error)) {
    const fs::directory_entry& entry = *entries;
    std::string file = entry.path().filename().string();
    if (!absl::EndsWith(file, ".safetensors")) continue;
    // Decided as a stat would: a dangling link is absent; a looping link,
    // a FIFO or a device is present, and reading its header says what is
    // wrong with it.
    std::error_code kind_error;
    const fs::file_status kind = entry.status(kind_error);
    if (kind.type() == fs::file_type::not_found) continue;
    if (!fs::is_directory(kind)) shards.insert(file);
    present.insert(std::move(file));
  }
  if (error) {
    return absl::InvalidArgumentError(absl::StrCat(
        root.string(), ": cannot list the directory: ", error.message()));
  }
  return absl::OkStatus();
}

// The shards whose headers are read, in order. Header tensors name their
// shard by its place in the index's list of shards (`index_shards`, which
// a shard only the directory holds is added to), not by a string each:
// a large checkpoint repeats few shard names over many tensors.
std::vector<ShardToRead> ShardsToRead(
    const std::set<std::string>& shards,
    const absl::flat_hash_set<std::string>& present,
    google::protobuf::RepeatedPtrField<std::string>& index_shards) {
  std::vector<ShardToRead> to_read;
  absl::flat_hash_map<std::string, int> shard_index;
  for (const std::string& shard : shards) {
    if (!absl::EndsWith(shard, ".safetensors") || !present.contains(shard)) {
      continue;
    }
    if (shard_index.empty()) {
      for (int i = 0; i < index_shards.size(); ++i) {
        shard_index.emplace(index_shards[i], i);
      }
    }
    const auto [at, added] = shard_index.emplace(shard, index_shards.size());
    if (added) *index_shards.Add() = shard;
    to_read.push_back({&shard, at->second});
  }
  return to_read;
}

}  // namespace

absl::StatusOr<CheckpointManifest> ReadCheckpoint(const std::string& directory,
                                                  const std::string& index) {
  const std::filesystem::path root(directory);
  // Every filesystem call takes an error_code: a symlink loop, a name too
  // long or a directory the user cannot search is an error naming the
  // path, never an exception.
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(directory, ": not a directory",
                     error ? absl::StrCat(" (", error.message(), ")") : ""));
  }
  CheckpointManifest manifest;
  manifest.set_source(directory);
  ASSIGN_OR_RETURN(const std::string index_path, IndexPath(root, index));
  if (index_path.empty()) return ReadSingleFile(root, std::move(manifest));

  ASSIGN_OR_RETURN(WeightIndex index_read, ReadWeightIndex(index_path));
  // Read the header of every safetensors shard that is present: those the
  // index names and any other .safetensors file beside it.
  std::set<std::string> shards(index_read.shards.begin(),
                               index_read.shards.end());
  absl::flat_hash_set<std::string> present;
  RETURN_IF_ERROR(ListShards(root, shards, present));
  const std::vector<ShardToRead> to_read =
      ShardsToRead(shards, present, index_read.shards);
  CheckpointTensors& tensors = index_read.tensors;
  if (!to_read.empty()) {
    HeaderMerge merge(tensors, index_read.shards);
    size_t header_tensors = 0;
    RETURN_IF_ERROR(ReadHeadersInOrder(
        root, to_read,
        [&](const ShardToRead& shard,
            const SafetensorsHeader& header) -> absl::Status {
          header_tensors += header.tensors().size();
          if (header_tensors > kMaxCheckpointTensors) {
            return absl::InvalidArgumentError(absl::StrCat(
                (root / *shard.file).string(), ": the headers up to this one",
                " list ", header_tensors, " tensors, over weightwalk's limit",
                " of ", kMaxCheckpointTensors, " in a checkpoint"));
          }
          manifest.add_shards_read(*shard.file);
          merge.Add(*shard.file, shard.index, header);
          return absl::OkStatus();
        }));
    merge.ReportMismatches(manifest);
  }
  // Else an index alone: nothing to compare.
  manifest.mutable_tensors()->Swap(&tensors);
  // For the tensors no header holds, which keep their index shard.
  manifest.mutable_index_shards()->Swap(&index_read.shards);
  return manifest;
}

}  // namespace weightwalk
