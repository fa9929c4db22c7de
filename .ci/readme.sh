#!/usr/bin/env bash
# Runs the weightwalk commands README.md shows, as written:
#
#   * every `weightwalk ...` line of a ```sh block must run (exit 0 or 1:
#     clean or findings, never a usage or input error), with its
#     placeholders given real values: OUT a new directory, DIR the checkpoint
#     make-checkpoint wrote there, FILE its index under another name,
#     DUMP.json the fixture's dumps in ../shared/fastllm-truth;
#   * every `$ weightwalk ...` transcript line must print exactly the lines
#     that follow it in the README (its /tmp paths moved into a scratch
#     directory and back);
#   * each row of the README's `audit` sample must be a row of the real audit.
#
# .ci/run itself runs the README's two set-up commands, the sanitizer
# configurations, the fuzz build and each fuzzer through tools/fuzz/run.sh
# (20 seconds, not the README's 600), and the remote cache. The benchmark
# commands are built by `./bazelw test //...` but not run (minutes each, and
# their figures mean something only on a quiet machine: BENCHMARKS.md); the
# Python block runs only beside a Fast-LLM installation (docs/FASTLLM.md).
#
#   .ci/readme.sh WEIGHTWALK TRUTH_DIR    # prints PASS:/FAIL: lines
set -uo pipefail
cd "$(dirname "$0")/.."
ww=$1
truth=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
weightwalk() { "$ww" "$@"; }
export -f weightwalk
export ww

# The ```sh blocks' weightwalk lines, comments removed (make-checkpoint's
# first: it writes the checkpoint the others read).
sh_commands() {
  awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on && /^weightwalk / { sub(/ +# .*$/, ""); print }' README.md
}

out="$scratch/out"
cp "$truth/params/llama.json" "$scratch/params.json"
while read -r command; do
  real=${command//DUMP.json/DUMP}
  real=${real//OUT/$out}
  real=${real//DIR/$out}
  real=${real//FILE/$out/weights.index.json}
  case "$command" in
    *diff-params*) real=${real//DUMP/$truth/params/llama.json} ;;
    *diff-converters*) real=${real//DUMP/$truth/converters/llama.json} ;;
  esac
  if [[ "$command" == *"--index=FILE"* ]]; then
    cp "$out/model.safetensors.index.json" "$out/weights.index.json"
  fi
  output=$(bash -c "$real" 2>&1)
  status=$?
  if ((status <= 1)); then
    echo "PASS: README: $command (exit $status)"
  else
    echo "FAIL: README: $command exits $status: $(head -c 300 <<<"$output")"
  fi
done < <(sh_commands | grep 'make-checkpoint'; sh_commands | grep -v 'make-checkpoint')

# Transcripts: "$ weightwalk ..." and the lines printed, up to the next
# command or the end of the block.
python3 - README.md >"$scratch/transcripts" <<'EOF'
import sys
lines = open(sys.argv[1]).read().split("\n")
in_block, command, expected = False, None, []
def flush():
    if command is not None:
        print(command + "\0" + "\n".join(expected) + "\0", end="")
for line in lines:
    if line.startswith("```"):
        if in_block:
            flush()
            command, expected = None, []
        in_block = not in_block
        continue
    if not in_block:
        continue
    if line.startswith("$ weightwalk "):
        flush()
        command, expected = line[2:], []
    elif command is not None:
        expected.append(line)
EOF
while IFS= read -r -d '' command && IFS= read -r -d '' expected; do
  real=${command//\/tmp\//$scratch/}
  actual=$(bash -c "$real" 2>&1 | sed "s|$scratch/|/tmp/|g")
  if [[ "$actual" == "$expected" ]]; then
    echo "PASS: README transcript: $command"
  else
    echo "FAIL: README transcript: $command"
    diff <(echo "$expected") <(echo "$actual") | head -10
  fi
done <"$scratch/transcripts"

# The audit sample: each row but "..." is a row of the real audit.
audit=$("$ww" audit 2>&1 | tr -s ' ')
sample=$(awk '/^`audit` prints one row per fixture:$/ { want = 1; next }
  want && /^```$/ { if (on) exit; on = 1; next } on' README.md)
missing=0
while read -r row; do
  [[ "$row" == "..." || -z "$row" ]] && continue
  grep -qxF "$(tr -s ' ' <<<"$row")" <<<"$audit" || { echo "  not in the audit: $row"; missing=1; }
done <<<"$sample"
if ((missing == 0)) && [[ -n "$sample" ]]; then
  echo "PASS: README audit sample: every row is in the real audit"
else
  echo "FAIL: README audit sample differs from the real audit"
fi
