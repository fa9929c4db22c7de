#!/usr/bin/env bash
# The scaffolds, run into a scratch copy of the repository's tracked files:
# tools/new_format.sh my_llama --like=mistral and
# tools/new_rule.sh duplicate-shard-name. The result must build, register
# the new format (`weightwalk formats`, `coverage --format=my_llama`), and
# fail exactly the tests that wait for the new code: the format's
# placeholder test; the rule's test, its `fires` case, its documentation
# fields (rules_list_test) and docs/RULES.md (regenerated once the rule is
# written). Bad arguments exit 2 and write nothing.
#
#   .ci/scaffolds.sh    # prints PASS:/FAIL: lines
set -uo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
cleanup() {
  if [[ -x "$scratch/bazelw" ]]; then
    base=$(cd "$scratch" && ./bazelw info output_base 2>/dev/null)
    (cd "$scratch" && ./bazelw shutdown >/dev/null 2>&1)
    [[ -n "$base" ]] && rm -rf "$base"
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
root=$PWD
git ls-files -z | xargs -0 cp --parents -t "$scratch"
cd "$scratch"

check() {  # check DESCRIPTION COMMAND...: PASS when the command succeeds
  local description=$1
  shift
  if "$@"; then echo "PASS: scaffold: $description"; else echo "FAIL: scaffold: $description"; fi
}
exits_2_writing_nothing() {
  local before after status
  before=$(find . -path ./bazel-\* -prune -o -print | sort | md5sum)
  "$@" >/dev/null 2>&1
  status=$?
  after=$(find . -path ./bazel-\* -prune -o -print | sort | md5sum)
  ((status == 2)) && [[ "$before" == "$after" ]] && git_clean_files_unchanged
}
git_clean_files_unchanged() {
  local file
  for file in converters/formats.bzl coverage/BUILD.bazel coverage/registry.cc; do
    cmp -s "$file" "$root/$file" || return 1
  done
}

check "new_format.sh llama --like=mistral (exists) exits 2, writes nothing" \
  exits_2_writing_nothing bash tools/new_format.sh llama --like=mistral
check "new_format.sh x --like=gemma4 (not a Llama-family format) exits 2, writes nothing" \
  exits_2_writing_nothing bash tools/new_format.sh x --like=gemma4
check "new_rule.sh Bad_Id exits 2, writes nothing" \
  exits_2_writing_nothing bash tools/new_rule.sh Bad_Id
check "new_format.sh my_llama --like=mistral" bash tools/new_format.sh my_llama --like=mistral
check "new_rule.sh duplicate-shard-name" bash tools/new_rule.sh duplicate-shard-name

targets=(//converters/my_llama/... //coverage:duplicate_shard_name_test
  //coverage:rule_cases_test //coverage:rules_list_test //docs:rules_golden_test
  //tools:weightwalk)
if ./bazelw build "${targets[@]}" >build.log 2>&1; then
  echo "PASS: scaffold: the new format and rule build (with //tools:weightwalk)"
else
  tail -20 build.log
  echo "FAIL: scaffold: the new format and rule do not build"
  exit 0
fi
ww=$(./bazelw info bazel-bin 2>/dev/null)/tools/weightwalk
check "weightwalk formats lists my_llama" bash -c "'$ww' formats | grep -qw my_llama"
check "weightwalk coverage fixtures/llama.textproto --format=my_llama is clean" \
  "$ww" coverage fixtures/llama.textproto --format=my_llama

# Each test: its expected verdict, and a line its log must hold.
expect_test() {  # expect_test TARGET pass|fail TEXT
  local target=$1 verdict=$2 text=$3 log status
  ./bazelw test "$target" >/dev/null 2>&1
  status=$?
  log="bazel-testlogs/${target#//}"
  log="${log/://}/test.log"
  if { [[ "$verdict" == pass ]] && ((status == 0)); } ||
    { [[ "$verdict" == fail ]] && ((status == 3)) && grep -qF "$text" "$log"; }; then
    echo "PASS: scaffold: $target ${verdict}s${text:+ (\"$text\")}"
  else
    echo "FAIL: scaffold: $target should ${verdict} (bazel exit $status)${text:+, its log naming \"$text\"}"
  fi
}
expect_test //converters/my_llama:my_llama_test fail "my_llama is still mistral"
expect_test //coverage:duplicate_shard_name_test fail "write the manifests where duplicate-shard-name fires"
expect_test //coverage:rule_cases_test fail "testdata/rules/duplicate-shard-name/fires"
expect_test //coverage:rules_list_test fail "coverage/rules_list_test.cc:35: duplicate-shard-name"
expect_test //docs:rules_golden_test fail "./bazelw run //docs:rules.update"
