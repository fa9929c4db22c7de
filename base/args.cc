#include "base/args.h"

#include <cstdio>
#include <exception>
#include <new>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "base/terminal.h"

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
    std::optional<std::string> value;
    if (equals != absl::string_view::npos)
      value.emplace(body.substr(equals + 1));
    if (!args.flags_.emplace(name, std::move(value)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " given twice"));
    }
  }
  return args;
}

std::optional<std::string> Args::Take(absl::string_view name) {
  const auto it = flags_.find(name);
  if (it == flags_.end()) return std::nullopt;
  std::optional<std::string> value = std::move(it->second);
  flags_.erase(it);
  if (!value.has_value() && needs_value_.empty()) {
    needs_value_ = std::string(name);
  }
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

absl::StatusOr<uint64_t> Args::TakeCount(absl::string_view name,
                                         uint64_t fallback) {
  const std::optional<std::string> value = Take(name);
  if (!value.has_value()) return fallback;
  uint64_t count = 0;
  if (value->empty() || !absl::ascii_isdigit(value->front()) ||
      !absl::SimpleAtoi(*value, &count)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "flag --", name, " takes a whole number, got \"", *value, "\""));
  }
  return count;
}

absl::StatusOr<bool> Args::TakeBool(absl::string_view name) {
  const auto it = flags_.find(name);
  if (it == flags_.end()) return false;
  const std::optional<std::string> value = std::move(it->second);
  flags_.erase(it);
  if (!value.has_value()) return true;  // `--name` alone.
  if (*value == "false") return false;
  if (*value == "true") return true;
  return absl::InvalidArgumentError(absl::StrCat(
      "flag --", name, " takes true or false, got \"", *value, "\""));
}

absl::Status Args::CheckAllTaken() const {
  if (!needs_value_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "flag --", needs_value_, " needs a value: --", needs_value_, "=..."));
  }
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

int RunMain(absl::string_view program, int argc, char** argv,
            absl::FunctionRef<absl::StatusOr<int>(int, char**)> run) {
  try {
    const absl::StatusOr<int> code = run(argc, argv);
    if (!code.ok()) return ReportBadInput(program, code.status());
    return *code;
  } catch (const std::bad_alloc&) {
    return ReportBadInput(
        program,
        absl::ResourceExhaustedError("out of memory; the input is too large"));
  } catch (const std::exception& error) {
    return ReportBadInput(program, absl::InternalError(absl::StrCat(
                                       "unexpected error: ", error.what())));
  }
}

int RunMainWithStatus(absl::string_view program, int argc, char** argv,
                      absl::FunctionRef<absl::Status(int, char**)> run) {
  return RunMain(program, argc, argv,
                 [run](int count, char** values) -> absl::StatusOr<int> {
                   RETURN_IF_ERROR(run(count, values));
                   return kExitClean;
                 });
}

}  // namespace weightwalk
