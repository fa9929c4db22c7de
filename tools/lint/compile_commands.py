#!/usr/bin/env python3
"""Writes compile_commands.json for the project's own C++ sources.

    bazel aquery 'mnemonic("CppCompile", //...)' --output=jsonproto \
      | tools/lint/compile_commands.py EXECROOT > EXECROOT/compile_commands.json

Reads `bazel aquery --output=jsonproto` on stdin and keeps one entry per
source of the repository's packages (external code and generated .pb.cc
files are not ours to lint), run from Bazel's execution root as Bazel runs
it. GCC-only flags are dropped so that clang tools (clang-tidy, clangd)
read the commands.

Each header of the repository gets an entry too, compiled as its own main
file with the flags of a source that includes it (its sibling .cc when there
is one), so that checks of the main file only (misc-include-cleaner) see it.
"""
import json
import os
import re
import sys

LAYERS = {"base", "model", "checkpoint", "converters", "coverage", "tools"}

GCC_ONLY = {
    "-fno-canonical-system-headers",
    "-Wunused-but-set-parameter",
    "-Wno-free-nonheap-object",
}


def includes(execroot, source):
    with open(os.path.join(execroot, source), encoding="utf-8") as f:
        return set(re.findall(r'^#include "([^"]+)"', f.read(), re.M))


def add_headers(execroot, commands):
    """Adds an entry for each header a source of `commands` includes."""
    sources = sorted(commands)
    included = {s: includes(execroot, s) for s in sources}
    headers = sorted({h for hs in included.values() for h in hs
                      if not h.startswith("bazel-out/") and not h.endswith(".pb.h")
                      and h.split("/")[0] in LAYERS
                      and os.path.exists(os.path.join(execroot, h))})
    for header in headers:
        sibling = header[:-2] + ".cc"
        donor = sibling if sibling in commands else next(
            s for s in sources if header in included[s])
        arguments = list(commands[donor]["arguments"])
        at = arguments.index(donor)
        arguments[at:at + 1] = ["-x", "c++-header", header]
        commands[header] = {"directory": execroot, "file": header,
                            "arguments": arguments}


def main():
    execroot = sys.argv[1]
    query = json.load(sys.stdin)
    commands = {}
    for action in query.get("actions", []):
        arguments = [a for a in action["arguments"] if a not in GCC_ONLY]
        source = arguments[arguments.index("-c") + 1]
        if source.startswith(("external/", "bazel-out/")) or source.endswith(".pb.cc"):
            continue
        arguments[0] = "clang++-14"
        commands[source] = {
            "directory": execroot,
            "file": source,
            "arguments": arguments,
        }
    add_headers(execroot, commands)
    json.dump([commands[s] for s in sorted(commands)], sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
