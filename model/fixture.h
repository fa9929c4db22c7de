// Loading a fixture file, with its chain of parents.
//
// A fixture (model/fixture.proto) may name a parent fixture, which is read
// from `<same directory>/<parent>.textproto`. The loaded model is the
// parent's loaded model with the child's `clear` paths removed and the
// child's `model` merged in: scalars overwrite, messages merge field by
// field, map entries replace the parent's entry of the same key, and a
// repeated field replaces the parent's list. Every step works on copies.
//
//   ASSIGN_OR_RETURN(LoadedFixture fixture,
//                    LoadFixture("fixtures/llama.textproto"));
//   ASSIGN_OR_RETURN(ModelConfig resolved,
//                    ResolveModelConfig(fixture.model));
//
// Errors name the file: a malformed or unknown field is
// "fixtures/x.textproto:3:5: ..."; a missing parent, a parent cycle, a
// `name` that does not match the file name, or a `clear` path that names no
// field are InvalidArgumentError (NotFoundError for a missing file).
#ifndef WEIGHTWALK_MODEL_FIXTURE_H_
#define WEIGHTWALK_MODEL_FIXTURE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/model_config.pb.h"

namespace weightwalk {

struct LoadedFixture {
  // The fixture's name (its file's base name).
  std::string name;
  // The path it was loaded from.
  std::string path;
  // The checkpoint format after inheritance; empty when it has none.
  std::string checkpoint_format;
  // The model after inheritance, not yet resolved.
  ModelConfig model;
  // The fixture's ancestors, nearest first.
  std::vector<std::string> parents;
  // What the user should know about a file that loads (a Fast-LLM config
  // file's aliased mappings, model/fastllm_config.h).
  std::vector<std::string> warnings;
};

// The most fixtures in a chain of parents (the longest bundled chain has 3).
inline constexpr size_t kMaxFixtureDepth = 64;

absl::StatusOr<LoadedFixture> LoadFixture(absl::string_view path);

// Removes the field at `path` (dot-separated field names) from `message`.
// InvalidArgumentError when a segment is not a field, or passes through a
// repeated field or a scalar.
absl::Status ClearFieldPath(absl::string_view path,
                            google::protobuf::Message* message);

// Merges `overrides` into `target` with fixture semantics (see above).
void MergeOverrides(const google::protobuf::Message& overrides,
                    google::protobuf::Message* target);

}  // namespace weightwalk

#endif  // WEIGHTWALK_MODEL_FIXTURE_H_
