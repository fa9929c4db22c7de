#!/usr/bin/env bash
# Writes every file a new Llama-family checkpoint format needs, starting as
# a copy of an existing one's behaviour, in the style of clang-tidy's
# add_new_check.py:
#
#   tools/new_format.sh NAME --like=EXISTING
#   tools/new_format.sh my_llama --like=mistral
#
# writes converters/NAME/ (BUILD.bazel; NAME.{h,cc}: the weight converters,
# which start as EXISTING's; NAME_config.{h,cc}: the config codec, EXISTING's
# Llama-family options under NAME's model_type and architecture; NAME_test.cc)
# and adds NAME to FORMATS in converters/formats.bzl. The result builds and
# registers itself (`weightwalk formats` lists it); its test fails until
# what NAME changes from EXISTING is written and tested. Then add a fixture
# (docs/CONTRIBUTING.md). EXISTING must be a Llama-family format: one whose
# config codec is built from LlamaFamily options (converters/hf/llama_family.h).
#
# Exit status: 0 written, 2 bad arguments (nothing is written).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: tools/new_format.sh NAME --like=EXISTING" >&2
  exit 2
}
name="" like=""
for argument in "$@"; do
  case "$argument" in
    --like=*) like=${argument#--like=} ;;
    -*) usage ;;
    *) [[ -z "$name" ]] || usage; name=$argument ;;
  esac
done
[[ -n "$name" && -n "$like" ]] || usage
if [[ ! "$name" =~ ^[a-z][a-z0-9_]*$ ]]; then
  echo "new_format: \"$name\" is not a format name: lower case letters, digits and _" >&2
  exit 2
fi
formats=$(sed -n 's/^    "\([a-z0-9_]*\)",$/\1/p' converters/formats.bzl)
if grep -qx "$name" <<<"$formats" || [[ -e "converters/$name" ]]; then
  echo "new_format: converters/$name exists, or $name is already in converters/formats.bzl" >&2
  exit 2
fi
if ! grep -qx "$like" <<<"$formats"; then
  echo "new_format: --like=$like is not a format of converters/formats.bzl" >&2
  exit 2
fi
like_options=$(sed -n 's/^const LlamaFamily& \([A-Za-z0-9]*\)();$/\1/p' "converters/$like/${like}_config.h")
like_format=$(sed -n 's/^extern const Format \(k[A-Za-z0-9]*\);$/\1/p' "converters/$like/$like.h")
if [[ -z "$like_options" || -z "$like_format" ]]; then
  echo "new_format: $like is not a Llama-family format (converters/$like/${like}_config.h declares no LlamaFamily options)" >&2
  exit 2
fi

# my_llama -> MyLlama, MY_LLAMA.
camel=$(sed -E 's/(^|_)([a-z0-9])/\U\2/g' <<<"$name")
like_camel=$(sed -E 's/(^|_)([a-z0-9])/\U\2/g' <<<"$like")
upper=${name^^}
architecture="${camel}ForCausalLM"
dir="converters/$name"
mkdir -p "$dir"
# Sorted as buildifier sorts labels: by package, then name.
deps=$(printf '        "%s",\n' //converters:emitter //converters:format "//converters/$like" \
  //converters/hf:llama_family //model:model_config_cc_proto | LC_ALL=C sort -t: -k1,1 -k2,2)

cat >"$dir/BUILD.bazel" <<EOF
load("@rules_cc//cc:defs.bzl", "cc_library", "cc_test")

package(default_visibility = ["//visibility:public"])

cc_library(
    name = "$name",
    srcs = [
        "$name.cc",
        "${name}_config.cc",
    ],
    hdrs = [
        "$name.h",
        "${name}_config.h",
    ],
    deps = [
$deps
    ],
    alwayslink = 1,
)

cc_test(
    name = "${name}_test",
    size = "small",
    srcs = ["${name}_test.cc"],
    data = ["//fixtures"],
    deps = [
        ":$name",
        "//converters:format_testing",
        "@com_google_googletest//:gtest_main",
    ],
)
EOF

cat >"$dir/$name.h" <<EOF
// The \`$name\` checkpoint format ($architecture): $like's weight
// converters so far. Say here what it changes from $like, and where
// (Fast-LLM's handler, the spec section).
#ifndef WEIGHTWALK_CONVERTERS_${upper}_${upper}_H_
#define WEIGHTWALK_CONVERTERS_${upper}_${upper}_H_

#include "converters/format.h"

namespace weightwalk {

void Emit${camel}(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format k${camel}Format;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_${upper}_${upper}_H_
EOF

cat >"$dir/$name.cc" <<EOF
#include "converters/$name/$name.h"

#include "converters/$like/$like.h"
#include "converters/$name/${name}_config.h"

namespace weightwalk {

void Emit${camel}(const ModelConfig& resolved, const ConverterEmitter& out) {
  ${like_format}.emit(resolved, out);
}

const Format k${camel}Format = {"$name", "$architecture", &Emit${camel},
                                {"$name"}, &k${camel}Config};
WEIGHTWALK_REGISTER_FORMAT(k${camel}Format);

}  // namespace weightwalk
EOF

cat >"$dir/${name}_config.h" <<EOF
// The $name format's config.json: $like's keys so far, under model_type
// "$name" and architecture $architecture.
#ifndef WEIGHTWALK_CONVERTERS_${upper}_${upper}_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_${upper}_${upper}_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& ${camel}Options();

extern const ConfigCodec k${camel}Config;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_${upper}_${upper}_CONFIG_H_
EOF

cat >"$dir/${name}_config.cc" <<EOF
#include "converters/$name/${name}_config.h"

#include "converters/$like/${like}_config.h"

namespace weightwalk {

const LlamaFamily& ${camel}Options() {
  static const LlamaFamily* const family =
      new LlamaFamily(${like_options}().Renamed("$name", "$architecture"));
  return *family;
}

const ConfigCodec k${camel}Config = LlamaFamilyCodec<&${camel}Options>();

}  // namespace weightwalk
EOF

cat >"$dir/${name}_test.cc" <<EOF
#include "converters/format_testing.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(${camel}Test, ConvertsTheLlamaFixture) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("llama", "$name");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_GT(manifest->converters_size(), 0);
}

// Replace with the test of what $name names, shapes or transforms
// differently from $like (see converters/*/*_test.cc).
TEST(${camel}Test, WhatItChangesFrom${like_camel}) {
  FAIL() << "converters/$name/${name}_test.cc: $name is still $like; write "
            "what it changes, and test it here";
}

}  // namespace
}  // namespace weightwalk
EOF

# The one list of formats, kept sorted.
python3 - "$name" <<'EOF'
import re, sys
path = "converters/formats.bzl"
text = open(path).read()
start = text.index("FORMATS = [\n") + len("FORMATS = [\n")
end = text.index("]", start)
names = re.findall(r'"([a-z0-9_]+)"', text[start:end]) + [sys.argv[1]]
body = "".join('    "%s",\n' % n for n in sorted(names))
open(path, "w").write(text[:start] + body + text[end:])
EOF

if command -v clang-format >/dev/null 2>&1; then
  clang-format -i "$dir"/*.h "$dir"/*.cc
fi
echo "new_format: wrote $dir/ (BUILD.bazel, $name.{h,cc}, ${name}_config.{h,cc}, ${name}_test.cc) and added $name to converters/formats.bzl"
echo "next: ./bazelw test //$dir/... (fails until ${name}_test.cc is written), then a fixture: docs/CONTRIBUTING.md"
