#include "base/json_writer.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppend(
              &out, "\\u00",
              absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  std::string text(buffer, result.ptr);
  // "1e-05" is valid JSON; "3" for 3.0 keeps it a float in Python.
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

JsonObject::Member& JsonObject::Put(absl::string_view key, std::string value) {
  // A key set again keeps its place; the index keeps this O(1), so an
  // object of 775,000 keys (a weight map) is built in linear time.
  const auto [it, inserted] = index_.try_emplace(key, members_.size());
  if (!inserted) {
    Member& member = members_[it->second];
    member.value = std::move(value);
    member.object.clear();
    member.array = false;
    return member;
  }
  members_.push_back({std::string(key), std::move(value), {}, false});
  return members_.back();
}

void JsonObject::Set(absl::string_view key, int64_t value) {
  Put(key, absl::StrCat(value));
}
void JsonObject::Set(absl::string_view key, double value) {
  Put(key, JsonNumber(value));
}
void JsonObject::Set(absl::string_view key, bool value) {
  Put(key, value ? "true" : "false");
}
void JsonObject::Set(absl::string_view key, const char* value) {
  Put(key, JsonString(value));
}
void JsonObject::Set(absl::string_view key, const std::string& value) {
  Put(key, JsonString(value));
}
void JsonObject::SetNull(absl::string_view key) { Put(key, "null"); }

void JsonObject::SetObjects(absl::string_view key,
                            std::vector<JsonObject> values) {
  Member& member = Put(key, "[]");
  member.object = std::move(values);
  member.array = true;
}
void JsonObject::Set(absl::string_view key, const JsonObject& value) {
  Put(key, "").object = {value};
}
void JsonObject::SetStrings(absl::string_view key,
                            const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const std::string& value : values) quoted.push_back(JsonString(value));
  Put(key, absl::StrCat("[", absl::StrJoin(quoted, ", "), "]"));
}
void JsonObject::SetIntegers(absl::string_view key,
                             const std::vector<int64_t>& values) {
  Put(key, absl::StrCat("[", absl::StrJoin(values, ", "), "]"));
}

void JsonObject::Render(std::string& out, int indent, int depth) const {
  if (members_.empty()) {
    out += "{}";
    return;
  }
  const std::string newline = indent > 0 ? "\n" : "";
  const std::string pad(static_cast<size_t>(indent * (depth + 1)), ' ');
  const std::string closing_pad(static_cast<size_t>(indent * depth), ' ');
  out += "{" + newline;
  for (size_t i = 0; i < members_.size(); ++i) {
    const Member& member = members_[i];
    absl::StrAppend(&out, pad, JsonString(member.key), indent > 0 ? ": " : ":");
    if (member.array && !member.object.empty()) {
      RenderArray(member.object, out, indent, depth + 1);
    } else if (!member.object.empty() && !member.array) {
      member.object.front().Render(out, indent, depth + 1);
    } else {
      out += member.value;
    }
    if (i + 1 < members_.size()) out += indent > 0 ? "," : ", ";
    out += newline;
  }
  out += closing_pad + "}";
}

void JsonObject::RenderArray(const std::vector<JsonObject>& values,
                             std::string& out, int indent, int depth) const {
  const std::string newline = indent > 0 ? "\n" : "";
  const std::string pad(static_cast<size_t>(indent * (depth + 1)), ' ');
  out += "[" + newline;
  for (size_t i = 0; i < values.size(); ++i) {
    out += pad;
    values[i].Render(out, indent, depth + 1);
    if (i + 1 < values.size()) out += indent > 0 ? "," : ", ";
    out += newline;
  }
  out += std::string(static_cast<size_t>(indent * depth), ' ') + "]";
}

std::string JsonObject::ToString(int indent) const {
  std::string out;
  Render(out, indent, 0);
  out += "\n";
  return out;
}

}  // namespace weightwalk
