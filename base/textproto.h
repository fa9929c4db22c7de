// Reading and writing the project's .textproto files.
//
// Every file weightwalk writes is a text-format protobuf with two header
// lines naming its schema, as TensorFlow's API goldens and this project's
// fixtures do:
//
//   # proto-file: model/parameter_manifest.proto
//   # proto-message: weightwalk.ParameterManifest
//
// followed by `google::protobuf::TextFormat` output: one field per line,
// repeated numbers on one line (`shape: [384, 256]`), fields in declaration
// order. No timestamps and no absolute paths, so output is byte-identical on
// every run.
//
// Writes are atomic: the text goes to a temporary file beside the target,
// which is then renamed over it, so a failed run never leaves a partial file.
#ifndef WEIGHTWALK_BASE_TEXTPROTO_H_
#define WEIGHTWALK_BASE_TEXTPROTO_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"

namespace weightwalk {

// The most bytes weightwalk reads from one file: every file a user hands it
// is treated as hostile, so a larger one is an error naming it, before any
// of it is read. Fixtures, Fast-LLM config files, suppressions and rule
// documentation take kMaxTextFileBytes; manifests and framework dumps,
// which grow with the model, kMaxLargeFileBytes. A checkpoint's own files
// have caps of their own: kMaxConfigJsonBytes (converters/hf/hf_config.h),
// kMaxWeightIndexBytes (checkpoint/index.h) and kMaxSafetensorsHeader
// (checkpoint/safetensors.h).
inline constexpr size_t kMaxTextFileBytes = size_t{64} << 20;  // 64 MiB
inline constexpr size_t kMaxLargeFileBytes = size_t{1} << 30;  // 1 GiB

// Opens `path` for reading when it is a regular file, and sets `size`: a
// FIFO cannot block the open (O_NONBLOCK) and a device, directory or socket
// is an error naming what it is. The descriptor is the caller's to close.
// NotFoundError when nothing is there.
absl::StatusOr<int> OpenRegularFile(absl::string_view path, uint64_t* size);

// Reads a whole regular file of at most `max_bytes`. NotFoundError when it
// does not exist, otherwise InvalidArgumentError naming the path.
absl::StatusOr<std::string> ReadFile(absl::string_view path,
                                     size_t max_bytes = kMaxTextFileBytes);

// ReadFile into a buffer the caller provides: `buffer(size)` is called once
// with the file's size and returns room for that many bytes (e.g. with a
// parser's padding after them). The file is read in one pass of its size; a
// file that changes size meanwhile is an error.
absl::Status ReadFileInto(absl::string_view path,
                          absl::FunctionRef<char*(size_t)> buffer,
                          size_t max_bytes = kMaxTextFileBytes);

// Writes `contents` to `path` atomically (temporary file, then rename).
absl::Status WriteFileAtomically(absl::string_view path,
                                 absl::string_view contents);

// Parses `text` into `message`, rejecting unknown fields. `path` is used only
// in error messages, which read "path:line:column: problem".
absl::Status ParseTextProto(
    absl::string_view path, absl::string_view text,
    google::protobuf::Message* message,
    google::protobuf::TextFormat::ParseInfoTree* locations = nullptr);

// ReadFile, then ParseTextProto. `locations`, when given, receives where
// each field was written. When the file has a `# proto-message:`
// header it must name `message`'s type.
absl::Status ReadTextProto(
    absl::string_view path, google::protobuf::Message* message,
    google::protobuf::TextFormat::ParseInfoTree* locations = nullptr,
    size_t max_bytes = kMaxTextFileBytes);

// The canonical text of `message`: the two header lines, then TextFormat.
// `proto_file` is the schema's path in this repository.
std::string FormatTextProto(const google::protobuf::Message& message,
                            absl::string_view proto_file);

// FormatTextProto, written atomically to `path`.
absl::Status WriteTextProto(absl::string_view path,
                            const google::protobuf::Message& message,
                            absl::string_view proto_file);

// The value of a `# proto-message:` header line in `text`, or "" if none.
std::string ProtoMessageHeader(absl::string_view text);

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_TEXTPROTO_H_
