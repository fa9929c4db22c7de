#!/usr/bin/env bash
# The golden updater (tools/update_goldens.sh) runs only under `bazel run`,
# writes exactly the goldens it is given, each only when it is a file
# directly under fixtures/goldens/ or docs/, and nothing else.
set -uo pipefail
updater=$1
root="${TEST_TMPDIR:-$(mktemp -d)}/update_goldens"
rm -rf "$root"
workspace="$root/workspace"
mkdir -p "$workspace/fixtures/goldens" "$workspace/docs" "$root/generated"
echo "old" >"$workspace/fixtures/goldens/a.parameters.textproto"
echo "same" >"$workspace/fixtures/goldens/b.parameters.textproto"
echo "new" >"$root/generated/a"
echo "same" >"$root/generated/b"
echo "page" >"$root/generated/page"
failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
listing() { (cd "$root" && find . -type f -newer "$root/stamp" | sort; find . | sort | md5sum); }

touch "$root/stamp"
before=$(listing)

# Outside `bazel run`: refused, exit 2, nothing written.
out=$(env -u BUILD_WORKSPACE_DIRECTORY "$updater" "$root/generated/a" \
  fixtures/goldens/a.parameters.textproto 2>&1)
status=$?
[[ $status -eq 2 && "$out" == *"run this with 'bazel run'"* ]] ||
  fail "outside bazel run: exit $status: $out"
[[ "$(listing)" == "$before" ]] || fail "outside bazel run, something was written"

# Paths it does not own: refused before anything is written.
for golden in README.md fixtures/goldens/../../evil.textproto \
  fixtures/goldens/sub/x.textproto docs/../x.md ../x.textproto \
  fixtures/goldens/./x.textproto fixtures/goldens/x.txt; do
  out=$(BUILD_WORKSPACE_DIRECTORY="$workspace" "$updater" \
    "$root/generated/a" "$golden" 2>&1)
  status=$?
  [[ $status -eq 2 && "$out" == *"refusing to write $golden"* ]] ||
    fail "$golden: exit $status: $out"
done
[[ "$(listing)" == "$before" ]] || fail "a refused path wrote something"
[[ ! -e "$root/evil.textproto" && ! -e "$workspace/x.md" ]] || fail "escaped the workspace"

# Its own goldens: exactly those change; unchanged ones are not rewritten.
out=$(BUILD_WORKSPACE_DIRECTORY="$workspace" "$updater" \
  "$root/generated/a" fixtures/goldens/a.parameters.textproto \
  "$root/generated/b" fixtures/goldens/b.parameters.textproto \
  "$root/generated/page" docs/page.md 2>&1)
status=$?
[[ $status -eq 0 ]] || fail "update: exit $status: $out"
[[ "$out" == *"updated:   fixtures/goldens/a.parameters.textproto"* &&
   "$out" == *"unchanged: fixtures/goldens/b.parameters.textproto"* &&
   "$out" == *"updated:   docs/page.md"* ]] || fail "update said: $out"
[[ "$(cat "$workspace/fixtures/goldens/a.parameters.textproto")" == new ]] || fail "a not updated"
[[ "$(cat "$workspace/docs/page.md")" == page ]] || fail "docs page not written"
changed=$(cd "$root" && find . -type f -newer "$root/stamp" | sort | tr '\n' ' ')
[[ "$changed" == "./workspace/docs/page.md ./workspace/fixtures/goldens/a.parameters.textproto " ]] ||
  fail "changed files: $changed"
[[ -z "$(find "$workspace" -name '*.tmp.*')" ]] || fail "left a temporary file"

echo "$failures failures"
[[ $failures -eq 0 ]]
