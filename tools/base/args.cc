#include "tools/base/args.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/base/terminal.h"

namespace weightwalk {

absl::StatusOr<Args> Args::Parse(int argc, char** argv, int first) {
  Args args;
  bool flags_done = false;
  for (int i = first; i < argc; ++i) {
    const absl::string_view argument = argv[i];
    if (flags_done || !absl::StartsWith(argument, "--") ||
        argument.size() == 2) {
      if (argument == "--" && !flags_done) {
        flags_done = true;
        continue;
      }
      args.positional_.emplace_back(argument);
      continue;
    }
    const absl::string_view body = argument.substr(2);
    const size_t equals = body.find('=');
    const std::string name(body.substr(0, equals));
    const std::string value(
        equals == absl::string_view::npos ? "true" : body.substr(equals + 1));
    if (!args.flags_.emplace(name, value).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " given twice"));
    }
  }
  return args;
}

std::optional<std::string> Args::Take(absl::string_view name) {
  const auto it = flags_.find(name);
  if (it == flags_.end()) return std::nullopt;
  std::string value = it->second;
  flags_.erase(it);
  return value;
}

absl::StatusOr<std::string> Args::TakeRequired(absl::string_view name) {
  std::optional<std::string> value = Take(name);
  if (!value.has_value() || value->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("missing required flag --", name, "=..."));
  }
  return *value;
}

absl::StatusOr<bool> Args::TakeBool(absl::string_view name) {
  const std::optional<std::string> value = Take(name);
  if (!value.has_value() || *value == "false") return false;
  if (*value == "true") return true;
  return absl::InvalidArgumentError(absl::StrCat(
      "flag --", name, " takes true or false, got \"", *value, "\""));
}

absl::Status Args::CheckAllTaken() const {
  if (flags_.empty()) return absl::OkStatus();
  std::vector<std::string> names;
  for (const auto& [name, value] : flags_) names.push_back("--" + name);
  return absl::InvalidArgumentError(
      absl::StrCat("unknown flag ", absl::StrJoin(names, ", ")));
}

int ReportBadInput(absl::string_view program, const absl::Status& status) {
  // The message may quote a name from the input: escaped, and written
  // whole (a NUL in it must not cut it short). Its own lines (usage after
  // the error) stay lines.
  WriteAll(stderr,
           absl::StrCat(program, ": error: ",
                        EscapeLinesForTerminal(status.message()), "\n"));
  return kExitBadInput;
}

}  // namespace weightwalk
