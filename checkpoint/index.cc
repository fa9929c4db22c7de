#include "checkpoint/index.h"

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "checkpoint/json_scanner.h"
#include "checkpoint/mapped_file.h"
#include "checkpoint/simdjson_checks.h"
#include "simdjson.h"

namespace weightwalk {
namespace {

absl::Status At(absl::string_view path, const JsonValue& value,
                absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(
      path, ":", value.line(), ":", value.column(), ": ", problem));
}

bool IsPlainFileName(std::string_view name) {
  return !name.empty() && name.find('/') == std::string_view::npos &&
         name != "." && name != "..";
}

// Numbers an index's shard files as its tensors name them: each name is
// stored once, in `index`'s shards. Sorted names cycle through a few shards
// (a layer's tensors are spread over those its weights were written to in
// model order), so the shards last used are tried first, most recent
// first: with four of them, 96% of a 61 x 256 Mixtral index's entries need
// no hashing. A shard's name is checked (IsPlainFileName) once, when it is
// first seen.
class ShardTable {
 public:
  explicit ShardTable(WeightIndex* index) : index_(index) {}

  // Adds a tensor called `name` in `shard` to the index; false, adding
  // nothing, when `shard` is not a plain file name.
  bool Add(std::string_view name, std::string_view shard) {
    const int number = IndexOf(shard);
    if (number < 0) return false;
    CheckpointTensor& tensor = *index_->tensors.Add();
    // Into the field's own string: set_name(data, size) would build a
    // temporary string and copy it, an extra allocation and copy a name.
    tensor.mutable_name()->assign(name.data(), name.size());
    tensor.set_shard_index(number);
    return true;
  }

 private:
  struct Recent {
    std::string_view name;  // of the stored copy
    int number = -1;
  };
  static constexpr int kRecent = 4;

  // The number of `shard`, or -1 when it is new and not a plain file name.
  int IndexOf(std::string_view shard) {
    int found = kRecent - 1;  // the entry to replace when none matches
    int number = -1;
    for (int i = 0; i < kRecent; ++i) {
      if (recent_[i].number >= 0 && recent_[i].name == shard) {
        found = i;
        number = recent_[i].number;
        break;
      }
    }
    if (number < 0) {
      const absl::string_view key(shard.data(), shard.size());
      auto it = numbers_.find(key);
      if (it == numbers_.end()) {
        if (!IsPlainFileName(shard)) return -1;
        // Keyed by the stored copy, which outlives the parse.
        std::string* stored = index_->shards.Add();
        stored->assign(shard.data(), shard.size());
        it = numbers_.emplace(*stored, index_->shards.size() - 1).first;
      }
      number = it->second;
      recent_[found] = {std::string_view(it->first.data(), it->first.size()),
                        number};
    }
    // Most recent first.
    for (int i = found; i > 0; --i) std::swap(recent_[i], recent_[i - 1]);
    return number;
  }

  WeightIndex* index_;
  // absl::string_view keys, for absl's string hash.
  absl::flat_hash_map<absl::string_view, int> numbers_;
  Recent recent_[kRecent];
};

// The first tier: a scanner for indexes as transformers and huggingface_hub
// write them, `{"metadata": {...}, "weight_map": {...}}` with names in
// sorted order. It reads the text once and builds the tensors straight from
// it, with no parse tree and no copy of the strings but the tensors' own.
// It accepts only a subset of JSON that the strict parser accepts the same
// way: strings of printable ASCII without escapes, metadata of such strings
// and integers of at most 18 digits, no other root key, each key once, and
// weight-map names each sorting after the one before (so none repeats).
// Anything else returns nullopt and goes to the simdjson tier. A weight map
// of more than kMaxCheckpointTensors names also returns nullopt, with the
// scan stopped there and over_limit() set: ReadWeightIndex refuses it.
class CanonicalIndexScanner {
 public:
  // `release_behind`, when given, is called now and then with a point in
  // the text that will not be read again.
  explicit CanonicalIndexScanner(
      absl::string_view text,
      std::function<void(const char*)> release_behind = nullptr)
      : json_(std::string_view(text.data(), text.size())),
        release_behind_(std::move(release_behind)) {}

  std::optional<WeightIndex> Scan() {
    WeightIndex index;
    bool metadata = false;
    bool weight_map = false;
    if (!json_.Consume('{')) return std::nullopt;
    do {
      std::string_view key;
      if (!json_.String(&key) || !json_.Consume(':')) return std::nullopt;
      if (key == "metadata" && !metadata) {
        metadata = true;
        if (!json_.FlatObject(/*integers=*/true)) return std::nullopt;
      } else if (key == "weight_map" && !weight_map) {
        weight_map = true;
        if (!WeightMap(&index)) return std::nullopt;
      } else {
        return std::nullopt;
      }
    } while (json_.Consume(','));
    if (!json_.Consume('}') || !json_.AtEnd() || !weight_map) {
      return std::nullopt;
    }
    return index;
  }

  // Whether Scan stopped at a weight map of more than kMaxCheckpointTensors
  // distinct names.
  bool over_limit() const { return over_limit_; }

 private:
  bool WeightMap(WeightIndex* index) {
    if (!json_.Consume('{')) return false;
    if (json_.Consume('}')) return true;
    ShardTable table(index);
    std::string_view previous;
    do {
      std::string_view name;
      std::string_view shard;
      if (!json_.String(&name) || !(previous < name) || !json_.Consume(':') ||
          !json_.String(&shard) || !table.Add(name, shard)) {
        return false;
      }
      previous = name;
      if (static_cast<size_t>(index->tensors.size()) > kMaxCheckpointTensors) {
        over_limit_ = true;
        return false;
      }
      if (release_behind_ != nullptr && index->tensors.size() % 16384 == 0) {
        release_behind_(previous.data());
      }
    } while (json_.Consume(','));
    return json_.Consume('}');
  }

  PlainJsonScanner json_;
  std::function<void(const char*)> release_behind_;
  bool over_limit_ = false;
};

// The simdjson tier: the index when it passes every check, nullopt
// otherwise (then the strict tier decides and explains). `text` must be
// followed by simdjson::SIMDJSON_PADDING readable bytes when `padded`. `owner`,
// when given, holds the text and is emptied once it is parsed: the parser keeps
// its own copy of every string, so a large index is not held twice while
// its tensors are built. `over_limit`, when given, is set when the index
// is valid but its weight map has more than kMaxCheckpointTensors names,
// which are then not built.
std::optional<WeightIndex> FastParseWeightIndex(
    absl::string_view text, bool padded,
    simdjson::padded_string* owner = nullptr, bool* over_limit = nullptr) {
  // A byte-order mark: leave it to the strict parser, whatever it says.
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) return std::nullopt;
  const int max_depth = JsonLimits().max_depth;
  simdjson::padded_string copy;
  if (!padded) copy = simdjson::padded_string(text.data(), text.size());
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser
          .parse(padded ? text.data() : copy.data(), text.size(),
                 /*realloc_if_needed=*/false)
          .get_object()
          .get(root) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  if (owner != nullptr) *owner = simdjson::padded_string();
  if (!AllKeysDistinct(root)) return std::nullopt;
  std::optional<simdjson::dom::object> weight_map;
  for (const auto [key, value] : root) {
    if (key == "weight_map") {
      simdjson::dom::object map;
      if (value.get_object().get(map) != simdjson::SUCCESS) {
        return std::nullopt;
      }
      weight_map = map;
    } else {
      if (key == "metadata" && !value.is_object() && !value.is_null()) {
        return std::nullopt;
      }
      if (!StrictlyValid(value, 1, max_depth)) return std::nullopt;
    }
  }
  if (!weight_map.has_value()) return std::nullopt;
  if (!AllKeysDistinct(*weight_map)) return std::nullopt;
  if (weight_map->size() > kMaxCheckpointTensors) {
    if (over_limit != nullptr) *over_limit = true;
    return std::nullopt;
  }
  WeightIndex index;
  index.tensors.Reserve(static_cast<int>(weight_map->size()));
  ShardTable table(&index);
  for (const auto [name, value] : *weight_map) {
    std::string_view shard;
    if (value.get_string().get(shard) != simdjson::SUCCESS ||
        !table.Add(name, shard)) {
      return std::nullopt;
    }
  }
  return index;
}

}  // namespace

std::optional<WeightIndex> ScanCanonicalWeightIndex(absl::string_view text) {
  return CanonicalIndexScanner(text).Scan();
}

absl::StatusOr<WeightIndex> ParseWeightIndex(absl::string_view text,
                                             absl::string_view path) {
  std::optional<WeightIndex> fast = ScanCanonicalWeightIndex(text);
  if (!fast.has_value()) fast = FastParseWeightIndex(text, /*padded=*/false);
  if (fast.has_value()) return *std::move(fast);
  return ParseWeightIndexStrict(text, path);
}

absl::StatusOr<WeightIndex> ParseWeightIndexStrict(absl::string_view text,
                                                   absl::string_view path) {
  ASSIGN_OR_RETURN(const JsonValue index, ParseJson(text, path));
  if (!index.is_object()) {
    return At(path, index,
              absl::StrCat("an index must be a JSON object, got ",
                           JsonValue::TypeName(index.type())));
  }
  const JsonValue* metadata = index.Find("metadata");
  if (metadata != nullptr && !metadata->is_object() && !metadata->is_null()) {
    return At(path, *metadata,
              absl::StrCat("\"metadata\" must be an object, got ",
                           JsonValue::TypeName(metadata->type())));
  }
  const JsonValue* weight_map = index.Find("weight_map");
  if (weight_map == nullptr) {
    return At(path, index, "the index has no \"weight_map\"");
  }
  if (!weight_map->is_object()) {
    return At(path, *weight_map,
              absl::StrCat("\"weight_map\" must be an object, got ",
                           JsonValue::TypeName(weight_map->type())));
  }
  WeightIndex read;
  read.tensors.Reserve(static_cast<int>(weight_map->members().size()));
  ShardTable table(&read);
  for (const auto& [name, shard] : weight_map->members()) {
    if (!shard.is_string()) {
      return At(
          path, shard,
          absl::StrCat("the shard of \"", name, "\" must be a string, got ",
                       JsonValue::TypeName(shard.type())));
    }
    if (!IsPlainFileName(shard.text())) {
      return At(path, shard,
                absl::StrCat("the shard of \"", name,
                             "\" must be a file name "
                             "in the checkpoint directory, got \"",
                             shard.text(), "\""));
    }
    table.Add(name, shard.text());
  }
  return read;
}

namespace {

// The error for an index of more than kMaxCheckpointTensors entries.
absl::Status OverTensorLimit(absl::string_view path) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": the weight map lists more than ",
                   kMaxCheckpointTensors, " tensors, weightwalk's limit"));
}

// ReadWeightIndex's tiers in turn (index.h), on a file already checked.
absl::StatusOr<WeightIndex> ReadTiered(const std::string& path) {
  bool scanned = false;
  {
    // The scanner reads the file where the page cache holds it.
    MappedFile mapped(path);
    scanned = mapped.ok();
    if (mapped.ok()) {
      CanonicalIndexScanner scanner(mapped.text(), [&mapped](const char* upto) {
        mapped.ReleaseBefore(upto);
      });
      std::optional<WeightIndex> index = scanner.Scan();
      if (index.has_value()) return *std::move(index);
      if (scanner.over_limit()) return OverTensorLimit(path);
    }
  }
  {
    // Straight into a buffer with simdjson's padding, parsed in place and
    // freed once parsed.
    simdjson::padded_string buffer;
    RETURN_IF_ERROR(ReadFileInto(
        path,
        [&buffer](size_t size) {
          buffer = simdjson::padded_string(size);
          return buffer.data();
        },
        kMaxWeightIndexBytes));
    const absl::string_view text(buffer.data(), buffer.size());
    std::optional<WeightIndex> fast;
    if (!scanned) {
      CanonicalIndexScanner scanner(text);
      fast = scanner.Scan();
      if (scanner.over_limit()) return OverTensorLimit(path);
    }
    bool fast_over_limit = false;
    if (!fast.has_value()) {
      fast = FastParseWeightIndex(text, /*padded=*/true, &buffer,
                                  &fast_over_limit);
    }
    if (fast.has_value()) return *std::move(fast);
    if (fast_over_limit) return OverTensorLimit(path);
  }
  // The strict tier reads the file again: it runs only on an index the fast
  // tier does not accept whole, to decide and explain.
  ASSIGN_OR_RETURN(const std::string text,
                   ReadFile(path, kMaxWeightIndexBytes));
  return ParseWeightIndexStrict(text, path);
}

}  // namespace

absl::StatusOr<WeightIndex> ReadWeightIndex(const std::string& path) {
  // Only a regular file, of at most kMaxWeightIndexBytes, is read at all.
  uint64_t size = 0;
  ASSIGN_OR_RETURN(const int fd, OpenRegularFile(path, &size));
  close(fd);
  if (size > kMaxWeightIndexBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", size, " bytes, over weightwalk's limit of ",
                     kMaxWeightIndexBytes, " bytes for a weight index"));
  }
  ASSIGN_OR_RETURN(WeightIndex index, ReadTiered(path));
  // The strict tier builds every entry first.
  if (static_cast<size_t>(index.tensors.size()) > kMaxCheckpointTensors) {
    return OverTensorLimit(path);
  }
  return index;
}

}  // namespace weightwalk
