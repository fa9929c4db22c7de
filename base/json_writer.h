// Writing JSON: an object whose members keep insertion order, with
// values rendered exactly (integers as integers, doubles in their shortest
// round-trip form, strings escaped).
//
//   JsonObject config;
//   config.Set("hidden_size", int64_t{256});
//   config.Set("rms_norm_eps", 1e-5);
//   config.SetStrings("architectures", {"LlamaForCausalLM"});
//   std::string text = config.ToString();
#ifndef WEIGHTWALK_BASE_JSON_WRITER_H_
#define WEIGHTWALK_BASE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace weightwalk {

// `text` as a JSON string literal.
std::string JsonString(absl::string_view text);
// `value` as the shortest JSON number that reads back as the same double.
std::string JsonNumber(double value);

class JsonObject {
 public:
  void Set(absl::string_view key, int64_t value);
  void Set(absl::string_view key, int value) { Set(key, int64_t{value}); }
  void Set(absl::string_view key, double value);
  void Set(absl::string_view key, bool value);
  void Set(absl::string_view key, const char* value);
  void Set(absl::string_view key, const std::string& value);
  void Set(absl::string_view key, const JsonObject& value);
  // An array of objects.
  void SetObjects(absl::string_view key, std::vector<JsonObject> values);
  void SetNull(absl::string_view key);
  void SetStrings(absl::string_view key,
                  const std::vector<std::string>& values);
  void SetIntegers(absl::string_view key, const std::vector<int64_t>& values);

  bool empty() const { return members_.empty(); }

  // Pretty-printed with `indent` spaces per level (0: one line), ending in
  // a newline at the top level.
  std::string ToString(int indent = 2) const;

 private:
  void Render(std::string& out, int indent, int depth) const;
  void RenderArray(const std::vector<JsonObject>& values, std::string& out,
                   int indent, int depth) const;
  // Keys with rendered values; a nested object is kept as an object.
  struct Member {
    std::string key;
    std::string value;
    // One element when the value is an object; the elements when it is an
    // array of objects.
    std::vector<JsonObject> object;
    bool array = false;
  };
  Member& Put(absl::string_view key, std::string value);
  std::vector<Member> members_;
  // Key -> position in members_.
  absl::flat_hash_map<std::string, size_t> index_;
};

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_JSON_WRITER_H_
