// Showing untrusted text on a terminal, and writing output whole.
//
// Names in a checkpoint come from strangers: a tensor named "\n\x1b[32mok"
// must not forge a line or recolour one. EscapeForTerminal shows every
// character that could act on a terminal as an escape instead:
//
//   EscapeForTerminal("a\nb\x1b[0m") == "a\\nb\\x1b[0m"
//
// and WriteAll writes a string whole, NULs included (fputs stops at one).
#ifndef WEIGHTWALK_BASE_TERMINAL_H_
#define WEIGHTWALK_BASE_TERMINAL_H_

#include <cstdio>
#include <string>

#include "absl/strings/string_view.h"

namespace weightwalk {

// `text` with C0 controls (\n, \t, \r as such, the others as \xNN), DEL,
// C1 controls and the Unicode bidi overrides and isolates (as \uNNNN),
// and bytes that are not UTF-8 (as \xNN) escaped; everything else as is.
std::string EscapeForTerminal(absl::string_view text);

// The same, line by line: for a message weightwalk wrote over several
// lines (an error followed by usage), whose line breaks are its own.
std::string EscapeLinesForTerminal(absl::string_view text);

// Writes all of `text` to `file`.
void WriteAll(std::FILE* file, absl::string_view text);

}  // namespace weightwalk

#endif  // WEIGHTWALK_BASE_TERMINAL_H_
