"""The checkpoint formats weightwalk converts: the one list of them.

Each name is a package, //converters/<name>, whose cc_library registers the
format (converters/format.h). //converters:all_formats, the per-format
converter-manifest generators (//tools:converter_manifest_generator_<name>)
and the format tests are all derived from this list.
"""

FORMATS = [
    "apriel2",
    "apriel2_text",
    "apriel_hybrid_ssm",
    "diffusion_llama",
    "dream",
    "gemma4",
    "llama",
    "llava",
    "llava_hybrid_ssm",
    "mistral",
    "mixtral",
    "mtp_llama",
    "qwen2",
]
