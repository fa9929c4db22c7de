#!/usr/bin/env bash
# check_coverage's exit codes and outputs, run as a user would:
# 0 clean, 1 findings, 2 bad input (with nothing written).
set -uo pipefail
check=$1 parameters=$2 converters=$3 broken=$4 no_reason=$5
out=$(mktemp -d)
failures=0
expect() { # description expected-exit actual-exit
  if [[ "$2" != "$3" ]]; then
    echo "FAIL: $1: exit $3, expected $2"
    failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}

"$check" --parameters="$parameters" --converters="$converters" --report="$out/report" >/dev/null
expect "clean manifests" 0 $?
[[ -f "$out/report" ]] || { echo "FAIL: no --report written"; failures=$((failures + 1)); }

"$check" --parameters="$parameters" --converters="$broken" >"$out/text" 2>&1
expect "broken manifests" 1 $?
grep -q '^error: unconverted-parameter: head.final_norm.weight \[256\]' "$out/text" ||
  { echo "FAIL: the text report lacks the finding"; failures=$((failures + 1)); }

"$check" --parameters="$parameters" --converters="$broken" --output=json >"$out/json"
expect "json output" 1 $?
grep -q '"rule": "phantom-parameter"' "$out/json" ||
  { echo "FAIL: the json report lacks the finding"; failures=$((failures + 1)); }

"$check" --parameters="$parameters" --converters="$broken" \
  --suppressions="$no_reason" --report="$out/bad" >/dev/null 2>"$out/error"
expect "suppression without a reason" 2 $?
grep -q 'suppression_without_reason\.textproto:5:1: reason is required' "$out/error" ||
  { echo "FAIL: unexpected error: $(cat "$out/error")"; failures=$((failures + 1)); }
[[ ! -e "$out/bad" ]] || { echo "FAIL: bad input wrote a report"; failures=$((failures + 1)); }

"$check" --parameters="$parameters" --converters="$converters" --output=yaml >/dev/null 2>&1
expect "unknown output format" 2 $?

"$check" --parameters="$out/missing" --converters="$converters" >/dev/null 2>&1
expect "missing manifest" 2 $?

exit $((failures > 0))
