#!/bin/bash
# Runs one fuzz target under libFuzzer for a while, starting from its seed
# corpus, and prints libFuzzer's totals.
#
#   tools/fuzz/run.sh //tools/fuzz:safetensors_fuzzer [SECONDS] [WORKDIR]
#
# SECONDS defaults to 600. WORKDIR (default ~/.cache/weightwalk-fuzz) keeps
# the growing corpus per target between runs, and the crash, leak, timeout
# or OOM inputs libFuzzer finds (WORKDIR/<target>/artifacts). Copy an
# artifact into the target's corpus in the repo: the corpus test then
# replays it in every build, as a regression test.
set -euo pipefail

target="${1:?usage: tools/fuzz/run.sh //pkg:name_fuzzer [SECONDS] [WORKDIR]}"
seconds="${2:-600}"
workdir="${3:-$HOME/.cache/weightwalk-fuzz}"
cd "$(dirname "$0")/../.."

package="${target#//}"
package="${package%%:*}"
name="${target##*:}"
./bazelw build --config=fuzz "$target" "${target}_corpus_test" >&2
bin="$(./bazelw info --config=fuzz bazel-bin 2>/dev/null)"
runfiles="$bin/$package/${name}_corpus_test.runfiles/weightwalk"

corpus="$workdir/$name/corpus"
artifacts="$workdir/$name/artifacts"
mkdir -p "$corpus" "$artifacts"
# The seeds are the corpus test's arguments: its runfiles minus the
# binaries and the test script.
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
while IFS= read -r -d '' file; do
  cp "$file" "$seeds/$(echo "${file#"$runfiles"/}" | tr / _)"
done < <(find -L "$runfiles" -type f \
  -not -path "*/$package/$name" -not -name '*.sh' -not -path '*/_solib*' \
  -not -path '*/fixtures/*.textproto' -print0)
cp -n "$runfiles"/fixtures/fuzz_seeds/* "$seeds/" 2>/dev/null || true

# libFuzzer starts in the runfiles tree, as `bazel run` would (the fixture
# fuzzer reads the bundled fixtures there). -rss_limit_mb: an input that
# makes a reader use 2 GB is a finding. -timeout: so is one taking 10 s.
cd "$runfiles"
exec "./$package/$name" "$corpus" "$seeds" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" -close_fd_mask=1
