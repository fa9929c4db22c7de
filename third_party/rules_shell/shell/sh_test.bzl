"""Stand-in for @rules_shell//shell:sh_test.bzl: Bazel 4.2.3's native rule."""

sh_test = native.sh_test
