#!/usr/bin/env bash
# The layering test: C++ and proto targets of a package link only their own
# layer and those below. Bottom to top:
#
#   base  <  model  <  checkpoint  <  converters  <  coverage  <  tools
#
# base depends on nothing in the repository; tools (the command line,
# generators, macros, bench and fuzz drivers) on anything. fixtures/ and
# docs/ are data: any layer's tests may read them, and their build rules
# run the tools. Tests and genrules that *run* a binary of a higher layer
# (the per-fixture goldens in coverage/) are drivers, not links, and are not
# checked here.
#
#   .ci/layering.sh            # exit 1, listing each edge that points up
set -uo pipefail
cd "$(dirname "$0")/.."
layers=(base model checkpoint converters coverage tools)
code='kind("cc_library|cc_binary|cc_test|proto_library|cc_proto_library", //%s/...)'
status=0
for ((low = 0; low < ${#layers[@]}; low++)); do
  lower=${layers[$low]}
  # shellcheck disable=SC2059
  targets=$(printf "$code" "$lower")
  for ((high = low + 1; high < ${#layers[@]}; high++)); do
    higher=${layers[$high]}
    edges=$(./bazelw query --noshow_progress --output=label \
      "rdeps($targets, deps($targets, 1) intersect //$higher/..., 1) intersect $targets" 2>/dev/null)
    if [[ -n "$edges" ]]; then
      echo "layering: //$lower depends on //$higher (a higher layer):"
      while read -r from; do
        to=$(./bazelw query --noshow_progress "deps($from, 1) intersect //$higher/..." 2>/dev/null | tr '\n' ' ')
        echo "  $from -> $to"
      done <<<"$edges"
      status=1
    fi
  done
done
((status == 0)) && echo "layering: every C++ and proto dependency points down (${layers[*]})"
exit $status
