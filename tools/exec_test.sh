#!/bin/sh
# Runs its arguments as the test: lets a Bazel test wrap a binary with
# fixed arguments (see tools/weightwalk.bzl).
exec "$@"
