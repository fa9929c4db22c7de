"""Stand-in for @rules_shell//shell:sh_binary.bzl: Bazel 4.2.3's native rule."""

sh_binary = native.sh_binary
