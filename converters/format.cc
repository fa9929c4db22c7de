#include "converters/format.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

// Ordered, so listings are sorted. Built on first use, so registration from
// static initializers in any order is safe.
std::map<std::string, const Format*, std::less<>>& Registry() {
  static auto* registry = new std::map<std::string, const Format*, std::less<>>;
  return *registry;
}

}  // namespace

bool RegisterFormat(const Format* format) {
  const auto [it, inserted] =
      Registry().emplace(std::string(format->name), format);
  if (!inserted) {
    std::fprintf(stderr, "weightwalk: format \"%s\" registered twice\n",
                 std::string(format->name).c_str());
    std::abort();
  }
  return true;
}

absl::StatusOr<const Format*> FindFormat(absl::string_view name) {
  const auto it = Registry().find(name);
  if (it == Registry().end()) {
    const std::vector<std::string> names = FormatNames();
    return absl::NotFoundError(absl::StrCat(
        "unknown checkpoint format \"", name, "\"; known formats: ",
        names.empty() ? "(none linked)" : absl::StrJoin(names, ", ")));
  }
  return it->second;
}

std::vector<std::string> FormatNames() {
  std::vector<std::string> names;
  for (const auto& [name, format] : Registry()) names.push_back(name);
  return names;
}

const Format* FormatOfModelType(absl::string_view model_type) {
  for (const auto& [name, format] : Registry()) {
    for (const absl::string_view type : format->model_types) {
      if (type == model_type) return format;
    }
  }
  return nullptr;
}

const Format* FormatOfArchitecture(absl::string_view architecture) {
  for (const auto& [name, format] : Registry()) {
    // Only a format that reads config.json can be detected from one.
    if (format->architecture == architecture && format->config != nullptr) {
      return format;
    }
  }
  return nullptr;
}

bool IsFastLlmFormat(absl::string_view name) {
  // converters/formats.bzl's list, as a C++ initializer (a genrule).
  static constexpr absl::string_view kFormats[] = {
#include "converters/formats_list.inc"
  };
  return std::find(std::begin(kFormats), std::end(kFormats), name) !=
         std::end(kFormats);
}

}  // namespace weightwalk
