#!/usr/bin/env bash
# clang-tidy over weightwalk's own C++ (the checks and why: .clang-tidy).
#
#   tools/lint/clang_tidy.sh            # exit 1 on any warning, listing them
#   tools/lint/clang_tidy.sh FILE...    # only these sources or headers
#
# Builds everything (generated headers must exist), writes
# compile_commands.json from `bazel aquery` into Bazel's execution root
# (tools/lint/compile_commands.py), and runs clang-tidy there on every
# source of the repository's packages, two at a time. Debian's clang-tidy-19:
# its misc-include-cleaner finds unused includes, which clang-tidy-14 cannot.
# Only diagnostics in the repository's own files count (libstdc++ 12 trips
# clang 19's deprecation warnings inside its own headers).
set -uo pipefail
cd "$(dirname "$0")/../.."
readonly tidy=clang-tidy-19
if ! command -v "$tidy" >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tidy" >/dev/null
fi
./bazelw build //... >/dev/null 2>&1 || { echo "clang-tidy: the build fails"; exit 1; }
execroot=$(./bazelw info execution_root 2>/dev/null)
./bazelw aquery 'mnemonic("CppCompile", //...)' --output=jsonproto 2>/dev/null |
  python3 tools/lint/compile_commands.py "$execroot" >"$execroot/compile_commands.json"
cp .clang-tidy "$execroot/.clang-tidy"
out=$(mktemp)
if (($# > 0)); then
  printf '%s\n' "$@"
else
  python3 -c "import json, sys; [print(e['file']) for e in json.load(open(sys.argv[1]))]" \
    "$execroot/compile_commands.json"
fi |
  (cd "$execroot" && xargs -P2 -n4 "$tidy" -p . --quiet) >"$out" 2>/dev/null
own='^(base|model|checkpoint|converters|coverage|tools)/[^:]+:[0-9]+:[0-9]+: (warning|error): '
# misc-include-cleaner's "no header providing X" (a missing direct include)
# is not a finding here; its "not used directly" is (see .clang-tidy).
missing='no header providing .*\[misc-include-cleaner'
findings() { sed "s|$execroot/||" "$out" | grep -E "$own" | grep -vE "$missing" | sort -u; }
warnings=$(findings | wc -l)
files=$#
((files > 0)) || files=$(python3 -c "import json, sys; print(len(json.load(open(sys.argv[1]))))" "$execroot/compile_commands.json")
if ((warnings > 0)); then
  findings
  echo "clang-tidy: $warnings warnings in $files files"
  exit 1
fi
echo "clang-tidy: $files files, no warning"
