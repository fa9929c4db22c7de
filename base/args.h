// A small command-line parser with exit-code discipline.
//
// absl::ParseCommandLine exits with status 1 on a bad flag; weightwalk
// reserves 1 for "findings" and uses 2 for bad input or usage, so its
// binaries parse `--name=value` flags and positional arguments here and
// report usage errors as values.
//
//   ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv));
//   std::string fixture = args.Take("fixture").value_or("");
//   RETURN_IF_ERROR(args.CheckAllTaken());
#ifndef WEIGHTWALK_BASE_ARGS_H_
#define WEIGHTWALK_BASE_ARGS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace weightwalk {

// Exit codes of every weightwalk binary.
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitBadInput = 2;

class Args {
 public:
  // Parses argv[first..]: `--name=value`, `--name` (a boolean's "true"),
  // and positional arguments; `--` ends flags. A flag given twice is an
  // error.
  static absl::StatusOr<Args> Parse(int argc, char** argv, int first = 1);

  // Removes and returns flag `name`'s value, if given. `--name` with no
  // value gives nullopt here and an error from CheckAllTaken.
  std::optional<std::string> Take(absl::string_view name);

  // Like Take, but a missing flag is InvalidArgumentError.
  absl::StatusOr<std::string> TakeRequired(absl::string_view name);

  // Takes a count: `fallback` when absent, else a non-negative whole
  // number.
  absl::StatusOr<uint64_t> TakeCount(absl::string_view name, uint64_t fallback);

  // Takes a boolean flag: absent, `--name`, `--name=true` or `--name=false`.
  absl::StatusOr<bool> TakeBool(absl::string_view name);

  const std::vector<std::string>& positional() const { return positional_; }

  // InvalidArgumentError naming a value flag given with no value, or any
  // flag that was given but not taken.
  absl::Status CheckAllTaken() const;

 private:
  // nullopt: given as `--name` alone.
  std::map<std::string, std::optional<std::string>, std::less<>> flags_;
  // The first flag taken for its value that had none.
  std::string needs_value_;
  std::vector<std::string> positional_;
};

// Prints "<program>: error: <message>" to stderr and returns kExitBadInput.
int ReportBadInput(absl::string_view program, const absl::Status& status);

// A binary's main: `run`'s exit code, or its error reported as bad input.
// The last resort too: an exception that escapes `run` (out of memory, or
// any other) is reported the same way, never an abort.
//
//   int main(int argc, char** argv) {
//     return weightwalk::RunMain("weightwalk", argc, argv, weightwalk::Run);
//   }
int RunMain(absl::string_view program, int argc, char** argv,
            absl::FunctionRef<absl::StatusOr<int>(int, char**)> run);
// The same for a `run` that succeeds with kExitClean.
int RunMainWithStatus(absl::string_view program, int argc, char** argv,
                      absl::FunctionRef<absl::Status(int, char**)> run);

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_ARGS_H_
