// Compares a generated manifest with its checked-in golden.
//
//   golden_diff --golden=fixtures/goldens/llama.parameters.textproto
//     --actual=coverage/llama.parameters.textproto
//       --update_command="./bazelw run //coverage:llama.update_goldens"
//
// The files must be byte-identical (goldens are canonical TextFormat). When
// they are not, prints what changed semantically, as field paths (removed /
// added / modified; parameters are matched by name), and the command that
// updates the golden. Exit 0 when equal, 1 when not, 2 on bad input.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/args.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "converters/converter_manifest.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {
namespace {

using ::google::protobuf::Message;
using ::google::protobuf::util::MessageDifferencer;

// Parses `text` as the message type its `# proto-message:` header names.
absl::StatusOr<std::unique_ptr<Message>> ParseWithHeader(
    const std::string& path, const std::string& text) {
  const std::string type_name = ProtoMessageHeader(text);
  const google::protobuf::Descriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          type_name);
  if (descriptor == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": unknown or missing # proto-message header \"",
                     type_name, "\""));
  }
  std::unique_ptr<Message> message(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(descriptor)
          ->New());
  RETURN_IF_ERROR(ParseTextProto(path, text, message.get()));
  return message;
}

// A field-path description of how `actual` differs from `golden`.
std::string SemanticDiff(const Message& golden, const Message& actual) {
  std::string diff;
  {
    google::protobuf::io::StringOutputStream stream(&diff);
    MessageDifferencer::StreamReporter reporter(&stream);
    MessageDifferencer differencer;
    differencer.set_repeated_field_comparison(
        MessageDifferencer::AS_SMART_LIST);
    const google::protobuf::FieldDescriptor* parameters =
        ParameterManifest::descriptor()->FindFieldByName("parameters");
    if (golden.GetDescriptor() == ParameterManifest::descriptor()) {
      differencer.TreatAsMap(parameters,
                             Parameter::descriptor()->FindFieldByName("name"));
    }
    differencer.ReportDifferencesTo(&reporter);
    differencer.Compare(golden, actual);
  }
  return diff;
}

absl::StatusOr<int> Run(int argc, char** argv) {
  ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv));
  ASSIGN_OR_RETURN(const std::string golden_path, args.TakeRequired("golden"));
  ASSIGN_OR_RETURN(const std::string actual_path, args.TakeRequired("actual"));
  ASSIGN_OR_RETURN(const std::string update_command,
                   args.TakeRequired("update_command"));
  RETURN_IF_ERROR(args.CheckAllTaken());

  ASSIGN_OR_RETURN(const std::string actual_text, ReadFile(actual_path));
  absl::StatusOr<std::string> golden_text = ReadFile(golden_path);
  if (absl::IsNotFound(golden_text.status())) {
    std::fprintf(stderr,
                 "golden_diff: %s does not exist yet. Create it with:\n  %s\n",
                 golden_path.c_str(), update_command.c_str());
    return kExitFindings;
  }
  if (!golden_text.ok()) return golden_text.status();
  if (*golden_text == actual_text) return kExitClean;

  if (ProtoMessageHeader(actual_text).empty()) {
    // Not a textproto (a generated page): show the first differing line.
    const std::vector<std::string> golden_lines =
        absl::StrSplit(*golden_text, '\n');
    const std::vector<std::string> actual_lines =
        absl::StrSplit(actual_text, '\n');
    size_t line = 0;
    while (line < golden_lines.size() && line < actual_lines.size() &&
           golden_lines[line] == actual_lines[line]) {
      ++line;
    }
    std::fprintf(
        stderr,
        "golden_diff: %s is out of date; first difference at line "
        "%zu:\n  golden:    %s\n  generated: %s\nUpdate it with:\n  %s\n",
        golden_path.c_str(), line + 1,
        line < golden_lines.size() ? golden_lines[line].c_str() : "(end)",
        line < actual_lines.size() ? actual_lines[line].c_str() : "(end)",
        update_command.c_str());
    return kExitFindings;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Message> actual,
                   ParseWithHeader(actual_path, actual_text));
  absl::StatusOr<std::unique_ptr<Message>> golden =
      ParseWithHeader(golden_path, *golden_text);
  std::string detail;
  if (!golden.ok()) {
    detail = absl::StrCat(
        "the golden does not parse: ", golden.status().message(), "\n");
  } else if ((*golden)->GetDescriptor() != actual->GetDescriptor()) {
    detail = "the golden holds a different message type\n";
  } else {
    detail = SemanticDiff(**golden, *actual);
    if (detail.empty()) {
      detail =
          "same content, different formatting (goldens are canonical "
          "TextFormat)\n";
    }
  }
  std::fprintf(stderr,
               "golden_diff: %s is out of date; what the build generates "
               "now differs:\n%s\nIf the change is intended, update the "
               "golden with:\n  %s\n",
               golden_path.c_str(), detail.c_str(), update_command.c_str());
  return kExitFindings;
}

}  // namespace
}  // namespace weightwalk

int main(int argc, char** argv) {
  return weightwalk::RunMain("golden_diff", argc, argv, weightwalk::Run);
}
