#include "base/textproto.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "base/utf8.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace weightwalk {
namespace {

// Collects the parser's complaints as "path:line:column: message" lines.
class ErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit ErrorCollector(absl::string_view path) : path_(path) {}

  void AddError(int line, int column, const std::string& message) override {
    // The parser counts from zero; editors count from one.
    errors_.push_back(
        absl::StrCat(path_, ":", line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, int column, const std::string& message) override {
    AddError(line, column, message);
  }

  std::string Text() const { return absl::StrJoin(errors_, "\n"); }

 private:
  std::string path_;
  std::vector<std::string> errors_;
};

}  // namespace

absl::StatusOr<int> OpenRegularFile(absl::string_view path, uint64_t* size) {
  const std::string name(path);
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
  // writer forever. It changes nothing for a regular file.
  const int fd =
      open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  struct stat info;
  if (fstat(fd, &info) != 0) {
    const int error = errno;
    close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot stat: ", std::strerror(error)));
  }
  if (!S_ISREG(info.st_mode)) {
    close(fd);
    const char* what = S_ISDIR(info.st_mode)    ? "a directory"
                       : S_ISFIFO(info.st_mode) ? "a FIFO"
                       : S_ISCHR(info.st_mode)  ? "a character device"
                       : S_ISBLK(info.st_mode)  ? "a block device"
                       : S_ISSOCK(info.st_mode) ? "a socket"
                                                : "not a file";
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": is ", what,
                     ", not a regular file; weightwalk reads only "
                     "regular files"));
  }
  *size = static_cast<uint64_t>(info.st_size);
  return fd;
}

absl::Status ReadFileInto(absl::string_view path,
                          absl::FunctionRef<char*(size_t)> buffer,
                          size_t max_bytes) {
  uint64_t file_size = 0;
  ASSIGN_OR_RETURN(const int fd, OpenRegularFile(path, &file_size));
  if (file_size > max_bytes) {
    close(fd);
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": ", file_size, " bytes, over weightwalk's limit of ", max_bytes,
        " bytes for this kind of file"));
  }
  const auto fail = [&](int error) {
    close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot read: ", std::strerror(error)));
  };
  // Reads up to `size` bytes into `into`; how many, or -1 (errno set).
  const auto read_up_to = [fd](char* into, size_t size) -> ssize_t {
    size_t done = 0;
    while (done < size) {
      const ssize_t got = read(fd, into + done, size - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return -1;
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    return static_cast<ssize_t>(done);
  };
  if (file_size == 0) {
    // Empty, or a /proc file, whose size is known only at its end: read in
    // chunks, to the same limit.
    std::string contents;
    char chunk[1 << 16];
    for (;;) {
      const ssize_t got = read_up_to(chunk, sizeof chunk);
      if (got < 0) return fail(errno);
      contents.append(chunk, static_cast<size_t>(got));
      if (contents.size() > max_bytes) {
        close(fd);
        return absl::InvalidArgumentError(
            absl::StrCat(path, ": over weightwalk's limit of ", max_bytes,
                         " bytes for this kind of file"));
      }
      if (static_cast<size_t>(got) < sizeof chunk) break;
    }
    char* into = buffer(contents.size());
    if (!contents.empty()) std::memcpy(into, contents.data(), contents.size());
    close(fd);
    return absl::OkStatus();
  }
  // One read of the size the file has: no growing buffer, no copy.
  const size_t size = static_cast<size_t>(file_size);
  const ssize_t got = read_up_to(buffer(size), size);
  if (got < 0) return fail(errno);
  char probe;
  if (static_cast<size_t>(got) != size || read_up_to(&probe, 1) != 0) {
    close(fd);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": changed size while being read"));
  }
  close(fd);
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(absl::string_view path, size_t max_bytes) {
  std::string contents;
  RETURN_IF_ERROR(ReadFileInto(
      path,
      [&contents](size_t size) {
        contents.resize(size);
        return contents.data();
      },
      max_bytes));
  return contents;
}

absl::Status WriteFileAtomically(absl::string_view path,
                                 absl::string_view contents) {
  const std::string target(path);
  // A new file of our own beside the target (mkstemp: a name nobody has,
  // created exclusively), so no user file is ever overwritten but the
  // target itself.
  std::string temporary = absl::StrCat(target, ".tmp.XXXXXX");
  const int fd = mkstemp(temporary.data());
  if (fd < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot write: ", std::strerror(errno)));
  }
  const auto fail = [&](absl::string_view what, int error) {
    close(fd);
    std::remove(temporary.c_str());
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", what, ": ", std::strerror(error)));
  };
  size_t done = 0;
  while (done < contents.size()) {
    const ssize_t wrote =
        write(fd, contents.data() + done, contents.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return fail("write failed", errno);
    done += static_cast<size_t>(wrote);
  }
  // As an ordinary new file would be: mkstemp makes it 0600.
  const mode_t mask = umask(0);
  umask(mask);
  if (fchmod(fd, 0666 & ~mask) != 0) return fail("cannot chmod", errno);
  if (close(fd) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": write failed: ", std::strerror(error)));
  }
  if (std::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": cannot rename into place: ", std::strerror(error)));
  }
  return absl::OkStatus();
}

namespace {

// The path of the first string field (recursively) that is not UTF-8, or
// "" when all are. protobuf's text parser accepts such strings (raw or
// escaped) in `string` fields.
std::string FindInvalidUtf8(const google::protobuf::Message& message,
                            const std::string& prefix) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    const std::string name = absl::StrCat(prefix, field->name());
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          if (!IsValidUtf8(reflection->GetRepeatedString(message, field, i))) {
            return absl::StrCat(name, "[", i, "]");
          }
        }
      } else if (!IsValidUtf8(reflection->GetString(message, field))) {
        return name;
      }
    } else if (field->cpp_type() ==
               google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          // A map's entry order is not the file's: name the map only.
          std::string found = FindInvalidUtf8(
              reflection->GetRepeatedMessage(message, field, i),
              field->is_map() ? absl::StrCat(name, ".")
                              : absl::StrCat(name, "[", i, "]."));
          if (!found.empty()) return found;
        }
      } else {
        std::string found = FindInvalidUtf8(
            reflection->GetMessage(message, field), absl::StrCat(name, "."));
        if (!found.empty()) return found;
      }
    }
  }
  return "";
}

}  // namespace

absl::Status ParseTextProto(
    absl::string_view path, absl::string_view text,
    google::protobuf::Message* message,
    google::protobuf::TextFormat::ParseInfoTree* locations) {
  ErrorCollector errors(path);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.AllowUnknownField(false);
  parser.AllowUnknownExtension(false);
  if (locations != nullptr) parser.WriteLocationsTo(locations);
  if (!parser.ParseFromString(std::string(text), message)) {
    std::string detail = errors.Text();
    if (detail.empty()) detail = absl::StrCat(path, ": cannot parse");
    return absl::InvalidArgumentError(detail);
  }
  if (const std::string field = FindInvalidUtf8(*message, ""); !field.empty()) {
    message->Clear();
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", field, ": invalid UTF-8 in a string"));
  }
  return absl::OkStatus();
}

std::string ProtoMessageHeader(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::ConsumePrefix(&line, "# proto-message:")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
    if (!absl::StartsWith(line, "#")) break;
  }
  return "";
}

absl::Status ReadTextProto(
    absl::string_view path, google::protobuf::Message* message,
    google::protobuf::TextFormat::ParseInfoTree* locations, size_t max_bytes) {
  absl::StatusOr<std::string> text = ReadFile(path, max_bytes);
  if (!text.ok()) return text.status();
  const std::string header = ProtoMessageHeader(*text);
  if (!header.empty() && header != message->GetDescriptor()->full_name()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":1:1: the file holds a ", header, ", expected a ",
                     message->GetDescriptor()->full_name()));
  }
  return ParseTextProto(path, *text, message, locations);
}

std::string FormatTextProto(const google::protobuf::Message& message,
                            absl::string_view proto_file) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseShortRepeatedPrimitives(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string body;
  printer.PrintToString(message, &body);
  return absl::StrCat("# proto-file: ", proto_file, "\n",
                      "# proto-message: ", message.GetDescriptor()->full_name(),
                      "\n", body);
}

absl::Status WriteTextProto(absl::string_view path,
                            const google::protobuf::Message& message,
                            absl::string_view proto_file) {
  return WriteFileAtomically(path, FormatTextProto(message, proto_file));
}

}  // namespace weightwalk
