#include "model/fixture.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "google/protobuf/descriptor.h"
#include "model/fixture.pb.h"

namespace weightwalk {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

// The directory part of `path`, with a trailing slash, or "".
std::string Directory(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == absl::string_view::npos
             ? ""
             : std::string(path.substr(0, slash + 1));
}

// The file name without directory and `.textproto`.
std::string BaseName(absl::string_view path) {
  const size_t slash = path.rfind('/');
  absl::string_view base =
      slash == absl::string_view::npos ? path : path.substr(slash + 1);
  absl::ConsumeSuffix(&base, ".textproto");
  return std::string(base);
}

// Repeated fields replace rather than append: clears in `target` every
// repeated field that `overrides` sets, recursing into singular messages set
// on both sides. Maps are left alone (MergeFrom replaces entries per key).
void ClearReplacedRepeatedFields(const Message& overrides, Message* target) {
  const Reflection* from = overrides.GetReflection();
  const Reflection* to = target->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  from->ListFields(overrides, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_map()) continue;
    if (field->is_repeated()) {
      to->ClearField(target, field);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
               to->HasField(*target, field)) {
      ClearReplacedRepeatedFields(from->GetMessage(overrides, field),
                                  to->MutableMessage(target, field));
    }
  }
}

// Reads `path` and its ancestors, child first, up to kMaxFixtureDepth
// fixtures: a loop, not recursion, so no input can exhaust the stack.
absl::StatusOr<std::vector<std::pair<std::string, Fixture>>> ReadChain(
    absl::string_view path) {
  std::vector<std::pair<std::string, Fixture>> chain;
  std::vector<std::string> names;
  std::string current(path);
  for (;;) {
    Fixture fixture;
    absl::Status read = ReadTextProto(current, &fixture);
    if (absl::IsNotFound(read) && !chain.empty()) {
      const auto& [child_path, child] = chain.back();
      return absl::InvalidArgumentError(
          absl::StrCat(child_path, ": parent \"", child.parent(),
                       "\" does not exist (looked for ", current, ")"));
    }
    RETURN_IF_ERROR(read);
    const std::string expected_name = BaseName(current);
    if (fixture.name() != expected_name) {
      return absl::InvalidArgumentError(
          absl::StrCat(current, ": name is \"", fixture.name(),
                       "\" but the file is named \"", expected_name,
                       ".textproto\"; they must match"));
    }
    if (std::find(names.begin(), names.end(), fixture.name()) != names.end()) {
      names.push_back(fixture.name());
      return absl::InvalidArgumentError(absl::StrCat(
          current, ": parent cycle: ", absl::StrJoin(names, " -> ")));
    }
    names.push_back(fixture.name());
    if (!fixture.parent().empty() && chain.size() + 1 >= kMaxFixtureDepth) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": the chain of parents is longer than ",
                       kMaxFixtureDepth, " fixtures, weightwalk's limit"));
    }
    if (fixture.parent().empty() && fixture.clear_size() > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(current, ": clear needs a parent to clear fields of"));
    }
    const std::string parent_path =
        absl::StrCat(Directory(current), fixture.parent(), ".textproto");
    const bool has_parent = !fixture.parent().empty();
    chain.emplace_back(current, std::move(fixture));
    if (!has_parent) return chain;
    current = parent_path;
  }
}

}  // namespace

absl::Status ClearFieldPath(absl::string_view path, Message* message) {
  // Check the whole path against the schema first, so a misspelt path is an
  // error even where the message happens not to have the field set.
  const std::vector<std::string> segments = absl::StrSplit(path, '.');
  std::vector<const FieldDescriptor*> fields;
  const google::protobuf::Descriptor* type = message->GetDescriptor();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (type == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", path, "': cannot descend into '", segments[i - 1], "'"));
    }
    const FieldDescriptor* field = type->FindFieldByName(segments[i]);
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", path, "': ", type->name(), " has no field '", segments[i], "'"));
    }
    fields.push_back(field);
    type = !field->is_repeated() &&
                   field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
               ? field->message_type()
               : nullptr;
  }
  Message* current = message;
  for (size_t i = 0; i + 1 < fields.size(); ++i) {
    const Reflection* reflection = current->GetReflection();
    if (!reflection->HasField(*current, fields[i])) return absl::OkStatus();
    current = reflection->MutableMessage(current, fields[i]);
  }
  current->GetReflection()->ClearField(current, fields.back());
  return absl::OkStatus();
}

void MergeOverrides(const Message& overrides, Message* target) {
  ClearReplacedRepeatedFields(overrides, target);
  target->MergeFrom(overrides);
}

absl::StatusOr<LoadedFixture> LoadFixture(absl::string_view path) {
  ASSIGN_OR_RETURN(auto chain, ReadChain(path));
  // Applied from the root down: each child clears, then merges into, a copy
  // of its parent's model.
  LoadedFixture loaded;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const auto& [fixture_path, fixture] = *it;
    for (const std::string& clear : fixture.clear()) {
      absl::Status status = ClearFieldPath(clear, &loaded.model);
      if (!status.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(fixture_path, ": clear: ", status.message()));
      }
    }
    MergeOverrides(fixture.model(), &loaded.model);
    if (!loaded.name.empty())
      loaded.parents.insert(loaded.parents.begin(), loaded.name);
    loaded.name = fixture.name();
    loaded.path = fixture_path;
    if (fixture.has_checkpoint_format()) {
      loaded.checkpoint_format = fixture.checkpoint_format() == "none"
                                     ? ""
                                     : fixture.checkpoint_format();
    }
  }
  return loaded;
}

}  // namespace weightwalk
