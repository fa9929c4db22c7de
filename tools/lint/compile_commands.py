#!/usr/bin/env python3
"""Writes compile_commands.json for the project's own C++ sources.

    bazel aquery 'mnemonic("CppCompile", //...)' --output=jsonproto \
      | tools/lint/compile_commands.py EXECROOT > EXECROOT/compile_commands.json

Reads `bazel aquery --output=jsonproto` on stdin and keeps one entry per
source of the repository's packages (external code and generated .pb.cc
files are not ours to lint), run from Bazel's execution root as Bazel runs
it. GCC-only flags are dropped so that clang tools (clang-tidy-14, clangd)
read the commands.
"""
import json
import sys

GCC_ONLY = {
    "-fno-canonical-system-headers",
    "-Wunused-but-set-parameter",
    "-Wno-free-nonheap-object",
}


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
    json.dump([commands[s] for s in sorted(commands)], sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
