"""libFuzzer targets that are also regression tests.

    weightwalk_fuzz_target(
        name = "safetensors_fuzzer",
        srcs = ["safetensors_fuzzer.cc"],
        deps = [":safetensors"],
        corpus = glob(["testdata/*.safetensors"]),
    )

declares, in the calling package:

  * `safetensors_fuzzer`: a binary around the file's
    `LLVMFuzzerTestOneInput`. Under `--config=fuzz` it is a libFuzzer binary
    (clang-14, ASan + UBSan, coverage instrumentation): run it with
    `./bazelw run --config=fuzz //tools/fuzz:safetensors_fuzzer -- DIR
    -max_total_time=600`. In any other build it links
    //tools/fuzz:replay_main instead, which runs the function once on each
    file named on its command line.
  * `safetensors_fuzzer_corpus_test`: runs the binary over `corpus` (the
    seeds and every crash ever found, which are the regression tests), so
    `bazel test //...` replays them in every configuration, the sanitizer
    ones included.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")
load("@rules_shell//shell:sh_test.bzl", "sh_test")

def weightwalk_fuzz_target(name, srcs, deps, corpus, data = []):
    """A libFuzzer binary and the test that replays its corpus.

    Args:
      name: the binary's name; the test is `<name>_corpus_test`.
      srcs: the sources; one of them defines LLVMFuzzerTestOneInput.
      deps: what they use.
      corpus: the seed and regression inputs (labels of files).
      data: other files the function reads at run time.
    """
    cc_binary(
        name = name,
        testonly = True,
        srcs = srcs,
        data = data,
        linkopts = select({
            "//tools/fuzz:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + select({
            "//tools/fuzz:fuzzing": [],
            "//conditions:default": ["//tools/fuzz:replay_main"],
        }),
    )
    sh_test(
        name = name + "_corpus_test",
        size = "small",
        srcs = ["//tools:exec_test.sh"],
        args = ["$(location :%s)" % name] + ["$(locations %s)" % f for f in corpus],
        data = [":" + name] + corpus + data,
    )
