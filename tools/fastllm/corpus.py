"""The differential corpus: random Fast-LLM models, and what the real
Fast-LLM does with each.

    corpus.py generate OUT_DIR [--per-format=40] [--seed=17]
        Writes OUT_DIR/<format>/<nnn>.yaml: random, small Fast-LLM training
        configs (model.base_model and pretrained.format) for each of the 13
        checkpoint formats, drawn around what the format can express and,
        for about one in four, just outside it. Needs no Fast-LLM.

    corpus.py record DIR              (the environment of docs/FASTLLM.md)
        Runs each config under DIR (the corpus, or fixtures/upstream)
        through the real Fast-LLM and writes
        <nnn>.truth.json beside it: whether the model builds (and why not),
        named_parameters() with shapes, the tied groups, the leaf converters
        with exported shapes, and whether Fast-LLM's own config export,
        weight save and load succeed, with the exported config.json and the
        saved tensors.

tools/corpus_test.cc holds weightwalk to every recorded case. Save and load
are Fast-LLM's own handler code (ExternalStateDictCheckpointHandler's
_export_config, _convert_state_dict and _import_config) driven the way
StateDictCheckpointHandler.save and .load drive them, over meta tensors: no
GPU, no file I/O, and no transformers (Debian packages none), so the
config.json "saved" is the exported dict itself, without the defaults a
transformers config class would add.
"""

import argparse
import json
import pathlib
import random
import sys
import traceback

import yaml

FORMATS = (
    "llama", "mistral", "mixtral", "qwen2", "mtp_llama", "diffusion_llama", "dream",
    "apriel_hybrid_ssm", "apriel2_text", "apriel2", "gemma4", "llava", "llava_hybrid_ssm",
)
LLAMA_LIKE = ("llama", "mistral", "mixtral", "qwen2", "mtp_llama", "diffusion_llama", "dream")


class Draw:
    """Random choices, with `off` the chance to step outside a format's profile."""

    def __init__(self, rng, off):
        self.rng = rng
        self.off = off

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, *options):
        return self.rng.choice(options)

    def strange(self):
        return self.chance(self.off)


def rotary(draw, allowed=("default", "llama3", "yarn")):
    kind = draw.pick(*allowed) if not draw.strange() else draw.pick("none", "default", "default_2d", "proportional")
    out = {"type": kind}
    if kind != "none" and draw.chance(0.5):
        out["theta"] = draw.pick(10000.0, 500000.0, 1000000.0)
    if kind == "llama3":
        out.update(scale_factor=draw.pick(8.0, 32.0), low_frequency_factor=1.0, high_frequency_factor=4.0,
                   original_context_length=draw.pick(2048, 8192))
    if kind == "yarn":
        out.update(scale_factor=draw.pick(2.0, 4.0, 8.0), original_context_length=draw.pick(2048, 4096))
        if draw.chance(0.3):
            out["attention_factor"] = 1.1
        if draw.chance(0.3):
            out.update(beta_fast=16.0, beta_slow=2.0)
    if kind == "proportional":
        out["partial_rotary_factor"] = draw.pick(0.25, 0.5, 1.0)
    return out


def norm(draw, kind="rms_norm"):
    kind = kind if not draw.strange() else draw.pick("layer_norm", "rms_norm", "none")
    out = {"type": kind}
    if kind != "none" and draw.chance(0.3):
        out["epsilon"] = draw.pick(1.0e-05, 1.0e-06)
    return out


def layer_bias(draw, enabled):
    return {"bias": {"enabled": enabled}}


def attention(draw, hidden, biases="none", window=False, heads_fit_hidden=False):
    """`biases`: none (all off), flags (add_linear_biases), qkv (Qwen2: q/k/v on, dense off), any."""
    head_size = draw.pick(8, 16, 32)
    heads = hidden // head_size if heads_fit_hidden else draw.pick(2, 4, 8)
    groups = draw.pick(*[g for g in (1, 2, 4, 8) if heads % g == 0])
    out = {"type": "attention", "heads": heads, "head_groups": groups, "head_size": head_size,
           "rotary": rotary(draw)}
    if biases == "none":
        out["add_linear_biases"] = False if not draw.strange() else True
    elif biases == "flags":
        out["add_linear_biases"] = draw.chance(0.5)
        if draw.strange():
            out[draw.pick("query_layer", "dense_layer")] = layer_bias(draw, not out["add_linear_biases"])
    elif biases == "qkv":
        out["add_linear_biases"] = False
        for layer in ("query_layer", "key_layer", "value_layer"):
            out[layer] = layer_bias(draw, True)
        out["dense_layer"] = layer_bias(draw, False if not draw.strange() else True)
    else:
        out["add_linear_biases"] = draw.chance(0.5)
        for layer in ("query_layer", "key_layer", "value_layer", "dense_layer"):
            if draw.chance(0.3):
                out[layer] = layer_bias(draw, draw.chance(0.5))
    if window and draw.chance(0.5):
        out["window_size"] = draw.pick(64, 128, 4096)
    if draw.strange():
        choice = draw.pick("norms", "shared", "softmax", "causal")
        if choice == "norms":
            out["query_norm"] = {"type": "rms_norm"}
            out["key_norm"] = {"type": "rms_norm"}
        elif choice == "shared":
            out["shared_key_value"] = True
        elif choice == "softmax":
            out["softmax_scale_power"] = 0.0
        else:
            out["causal"] = False
    return out


def mlp(draw, hidden, gated=True, biases="none", activation="silu"):
    out = {"intermediate_size": draw.pick(32, 64, 96, 128), "gated": gated if not draw.strange() else not gated,
           "activation": activation if not draw.chance(0.2) else draw.pick("gelu", "silu", "relu")}
    if biases == "none":
        out["add_linear_biases"] = False if not draw.strange() else True
    else:
        out["add_linear_biases"] = draw.chance(0.5)
        for layer in ("layer_1", "layer_2"):
            if (biases == "any" and draw.chance(0.25)) or draw.strange():
                out[layer] = layer_bias(draw, draw.chance(0.5))
    return out


def moe(draw, hidden):
    experts = draw.pick(2, 4, 8)
    out = mlp(draw, hidden)
    out.update(type="moe", experts=experts, experts_per_token=draw.pick(*range(1, experts + 1)))
    out["add_linear_biases"] = False
    if draw.strange():
        choice = draw.pick("shared", "router_norm", "layer_bias")
        if choice == "shared":
            out["shared_experts"] = 1
        elif choice == "router_norm":
            out["router_normalization"] = {"type": "fixed_rms_norm"}
        else:
            out[draw.pick("layer_1", "layer_2")] = layer_bias(draw, True)
    return out


def mamba(draw, hidden, biases_default=False):
    state = draw.pick(8, 16)
    inner = state * draw.pick(2, 4, 8)
    out = {"type": "mamba", "state_size": state, "d_inner": inner, "d_xb": draw.pick(hidden // 2, hidden),
           "dt_rank": draw.pick(4, 8, 16)}
    if biases_default and draw.chance(0.3):
        pass  # add_linear_biases left at Fast-LLM's default (true)
    else:
        out["add_linear_biases"] = draw.chance(0.3)
    if draw.chance(0.4):
        out["convolution_layer"] = layer_bias(draw, draw.chance(0.5))
    if draw.chance(0.4):
        out["dt_layer"] = layer_bias(draw, draw.chance(0.5))
    if draw.strange():
        choice = draw.pick("repeat", "kernel", "z_bias")
        if choice == "repeat":
            out["repeat_kv_before_conv"] = False
        elif choice == "kernel":
            out.setdefault("convolution_layer", {})["kernel_size"] = 2
        else:
            out["z_layer"] = layer_bias(draw, not out.get("add_linear_biases", True))
    return out


def gdn(draw):
    key_heads = draw.pick(1, 2, 4)
    out = {"type": "gdn", "key_heads": key_heads, "value_heads": key_heads * draw.pick(1, 2),
           "key_head_dim": draw.pick(8, 16), "value_head_dim": draw.pick(8, 16)}
    if draw.chance(0.3):
        out["convolution_layer"] = {"kernel_size": draw.pick(2, 4)}
    if draw.strange():
        out[draw.pick("qkv_projection_layer", "output_layer")] = layer_bias(draw, True)
    return out


def kda(draw):
    out = {"type": "kda", "heads": draw.pick(1, 2, 4), "head_dim": draw.pick(8, 16)}
    if draw.chance(0.3):
        out["convolution_layer"] = {"kernel_size": draw.pick(2, 4)}
    return out


def stochastic(draw, hidden, kinds):
    names = draw.rng.sample(["attn", "swa", "gdn", "kda", "mamba", "a", "b", "z"], draw.pick(2, 3))
    mixers = {}
    for name in names:
        kind = draw.pick(*kinds)
        mixers[name] = (attention(draw, hidden, biases="any") if kind == "attention" else
                        mamba(draw, hidden) if kind == "mamba" else gdn(draw) if kind == "gdn" else kda(draw))
    out = {"type": "stochastic", "mixers": mixers}
    if draw.chance(0.5):
        out["main_mixer_name"] = draw.pick(*names)
    strategy = draw.pick("uniform", "uniform", "weighted", "full_layout")
    if strategy != "uniform" or draw.chance(0.3):
        out["sampling_strategy"] = strategy
    if strategy == "weighted" and not draw.chance(0.15):
        out["sampling_weights"] = {name: draw.pick(1.0, 2.0, 0.5) for name in names}
    return out


def block(mixer, mlp_config, normalization):
    return {"mixer": mixer, "mlp": mlp_config, "normalization": normalization}


def base(draw, hidden, decoder, head_norm, vocab=None, tied=None):
    out = {"hidden_size": hidden, "embeddings": {"vocab_size": vocab or draw.pick(64, 128, 384)},
           "decoder": decoder, "head": {"normalization": head_norm},
           "tied_embedding_weight": draw.chance(0.4) if tied is None else tied}
    if draw.strange():
        out["embeddings"]["position_embeddings"] = {"enabled": True}
        out["embeddings"]["num_position_embeddings"] = 32
    return out


def llama_like(draw, format_name):
    hidden = draw.pick(32, 64, 128)
    eps = draw.pick(1.0e-05, 1.0e-06)
    normalization = norm(draw)
    if normalization["type"] != "none":
        normalization["epsilon"] = eps
    head_norm = dict(normalization) if not draw.strange() else {"type": "rms_norm", "epsilon": 1.0e-04}
    biases = {"llama": "flags", "mtp_llama": "flags", "diffusion_llama": "flags", "qwen2": "qkv",
              "dream": "qkv"}.get(format_name, "none")
    mixer = attention(draw, hidden, biases=biases, window=format_name in ("mistral", "mixtral"),
                      heads_fit_hidden=format_name in ("qwen2", "dream") and not draw.strange())
    mlp_config = moe(draw, hidden) if format_name == "mixtral" else mlp(
        draw, hidden, biases="flags" if biases == "flags" else "none")
    if format_name in ("qwen2", "dream"):
        mlp_config["add_linear_biases"] = False
    decoder = {"num_blocks": draw.pick(1, 2, 3), "block": block(mixer, mlp_config, normalization)}
    out = base(draw, hidden, decoder, head_norm)
    if format_name == "mtp_llama":
        out["head"]["prediction_heads"] = draw.pick(1, 2, 3)
    return out


def apriel_hybrid(draw, hidden, layout_kinds=("t", "m2", "gdn"), with_attention=None):
    eps = draw.pick(1.0e-05, 1.0e-06)
    shared_mlp = mlp(draw, hidden)
    kinds = list(layout_kinds)
    if with_attention is False or (with_attention is None and draw.chance(0.2)):
        kinds = [kind for kind in kinds if kind != "t"]
    chosen = draw.rng.sample(kinds, draw.pick(*range(1, len(kinds) + 1)))
    mamba_config = mamba(draw, hidden)
    blocks = {}
    for kind in chosen:
        mixer = (attention(draw, hidden) if kind == "t" else mamba_config if kind == "m2" else gdn(draw))
        blocks[kind] = block(mixer, json.loads(json.dumps(shared_mlp)), {"type": "rms_norm", "epsilon": eps})
    pattern = [draw.pick(*chosen) for _ in range(draw.pick(1, 2, 3, 4))]
    for kind in chosen:
        if kind not in pattern:
            pattern.append(kind)
    if len(pattern) == 1:
        decoder = {"num_blocks": draw.pick(1, 2), "block": blocks[pattern[0]]}
    else:
        decoder = {"type": "pattern", "blocks": blocks, "pattern": pattern, "num_blocks": len(pattern)}
    return base(draw, hidden, decoder, {"type": "rms_norm", "epsilon": eps})


def apriel2_text(draw, hidden=None):
    hidden = hidden or draw.pick(32, 64)
    kinds = ("attention", "mamba", "gdn", "kda", "stochastic")
    chosen = draw.rng.sample(kinds, draw.pick(1, 2, 3))
    blocks = {}
    for index, kind in enumerate(chosen):
        mixer = (attention(draw, hidden, biases="any", window=True) if kind == "attention" else
                 mamba(draw, hidden, biases_default=True) if kind == "mamba" else
                 gdn(draw) if kind == "gdn" else kda(draw) if kind == "kda" else
                 stochastic(draw, hidden, ("attention", "gdn", "kda", "mamba")))
        blocks[f"b{index}_{kind}"] = block(mixer, mlp(draw, hidden, gated=draw.chance(0.7), biases="any"),
                                           norm(draw))
    names = list(blocks)
    if len(names) == 1 and draw.chance(0.5):
        decoder = {"num_blocks": draw.pick(1, 2), "block": blocks[names[0]]}
    else:
        pattern = names + [draw.pick(*names) for _ in range(draw.pick(0, 1, 2))]
        decoder = {"type": "pattern", "blocks": blocks, "pattern": pattern, "num_blocks": len(pattern)}
    return base(draw, hidden, decoder, norm(draw))


def vision(draw, hidden):
    vision_hidden = draw.pick(32, 64)
    patch = draw.pick(2, 4)
    encoder_mixer = attention(draw, vision_hidden, heads_fit_hidden=not draw.strange())
    encoder_mixer["causal"] = False
    encoder_mixer["rotary"] = {"type": "default_2d"}
    if not draw.strange():  # Pixtral has no grouped-query attention
        encoder_mixer["head_groups"] = encoder_mixer["heads"]
    out = {"hidden_size": vision_hidden,
           "embeddings": {"patch_height": patch, "patch_width": patch, "normalization": {"type": "rms_norm"}},
           "encoder": {"num_blocks": draw.pick(1, 2),
                       "block": block(encoder_mixer, mlp(draw, vision_hidden), {"type": "rms_norm"})},
           "adapter": {"intermediate_size": hidden if not draw.strange() else 2 * hidden}}
    if draw.strange():
        out["embeddings"]["patch_embeddings"] = layer_bias(draw, True)
    if draw.strange():
        out["adapter"]["gated"] = True
    return out


def multimodal(draw, text):
    text["vision_encoder"] = vision(draw, text["hidden_size"])
    text["image_token_index"] = text["embeddings"]["vocab_size"] - 1
    return text


def gemma4(draw):
    hidden = draw.pick(64, 128)
    heads = draw.pick(2, 4)
    head_size = draw.pick(16, 32)

    use_moe = draw.chance(0.5)
    experts = draw.pick(2, 4)
    sizes = (draw.pick(64, 128), draw.pick(32, 64), draw.pick(1, experts))

    def gemma_block(sliding):
        mixer = {"heads": heads, "head_groups": draw.pick(1, heads), "head_size": head_size,
                 "add_linear_biases": False, "softmax_scale_power": 0,
                 "query_norm": {"type": "rms_norm"}, "key_norm": {"type": "rms_norm"},
                 "value_norm": {"type": "fixed_rms_norm"}}
        if sliding:
            mixer.update(rotary={"type": "default"}, window_size=draw.pick(64, 128))
        else:
            mixer["rotary"] = {"type": "proportional", "partial_rotary_factor": draw.pick(0.25, 0.5)}
            if draw.chance(0.3):
                mixer["shared_key_value"] = True
        if use_moe:
            mlp_config = {"type": "hybrid_moe",
                          "dense": {"intermediate_size": sizes[0], "gated": True, "add_linear_biases": False,
                                    "activation": "gelu", "pre_norm": {"type": "rms_norm"},
                                    "post_norm": {"type": "rms_norm"}},
                          "routed": {"intermediate_size": sizes[1], "gated": True, "add_linear_biases": False,
                                     "activation": "gelu", "experts": experts, "experts_per_token": sizes[2],
                                     "pre_norm": {"type": "rms_norm"}, "post_norm": {"type": "rms_norm"},
                                     "router_normalization": {"type": "fixed_rms_norm"},
                                     "router_scale": {"enabled": True},
                                     "router_input_scale": hidden ** -0.5 if not draw.strange() else 0.0625,
                                     "router_per_expert_scale": {"enabled": True}}}
            pre_mlp = {"type": "none"}
        else:
            mlp_config = {"intermediate_size": sizes[0], "gated": True, "add_linear_biases": False,
                          "activation": "gelu"}
            pre_mlp = {"type": "rms_norm"} if draw.strange() else None
        out = {"mixer": mixer, "mlp": mlp_config, "normalization": {"type": "rms_norm"},
               "post_mixer_normalization": {"type": "rms_norm"}, "post_mlp_normalization": {"type": "rms_norm"}}
        if pre_mlp is not None:
            out["pre_mlp_normalization"] = pre_mlp
        if not draw.strange():
            out["output_scale"] = {"enabled": True}
        if draw.strange():
            out["mixer"].pop("value_norm")
        return out

    pattern = [draw.pick("sliding_attention", "full_attention") for _ in range(draw.pick(1, 2, 3))]
    for name in ("sliding_attention", "full_attention"):
        if name not in pattern and not draw.strange():
            pattern.append(name)
    blocks = {name: gemma_block(name == "sliding_attention") for name in sorted(set(pattern))}
    decoder = {"type": "pattern", "blocks": blocks, "pattern": pattern, "num_blocks": len(pattern)}
    out = base(draw, hidden, decoder, {"type": "rms_norm"}, tied=True if not draw.strange() else False)
    out["embeddings"]["embedding_scale"] = float(hidden) ** 0.5
    return out


def generate_one(format_name, draw):
    if format_name in LLAMA_LIKE:
        return llama_like(draw, format_name)
    if format_name == "apriel_hybrid_ssm":
        return apriel_hybrid(draw, draw.pick(32, 64))
    if format_name == "apriel2_text":
        return apriel2_text(draw)
    if format_name == "apriel2":
        return multimodal(draw, apriel2_text(draw))
    if format_name == "gemma4":
        return gemma4(draw)
    if format_name == "llava":
        return multimodal(draw, llama_like(draw, "mistral"))
    if format_name == "llava_hybrid_ssm":
        kinds = ("t",) if draw.chance(0.5) else ("t", "m2", "gdn")
        return multimodal(draw, apriel_hybrid(draw, draw.pick(32, 64), layout_kinds=kinds,
                                              with_attention=True if kinds == ("t",) else None))
    raise ValueError(format_name)


def generate(out, per_format, seed):
    for format_name in FORMATS:
        directory = out / format_name
        directory.mkdir(parents=True, exist_ok=True)
        for index in range(per_format):
            rng = random.Random(f"{seed}/{format_name}/{index}")
            draw = Draw(rng, off=0.25 if index % 4 == 3 else 0.0)
            config = {"model": {"base_model": generate_one(format_name, draw)},
                      "pretrained": {"format": format_name}}
            (directory / f"{index:03d}.yaml").write_text(
                f"# corpus.py generate --seed={seed}: {format_name} #{index}\n"
                + yaml.safe_dump(config, sort_keys=False))


# ----------------------------------------------------------------- record


def error_text(error):
    text = f"{type(error).__name__}: {error}".strip()
    return text if len(text) <= 400 else text[:400] + "..."


def record_one(path):
    import torch

    from fast_llm.engine.distributed.config import DistributedConfig
    from fast_llm.models.gpt.config import GPTModelConfig
    from fast_llm.models.multimodal.config import MultiModalModelConfig

    document = yaml.safe_load(path.read_text())
    base_model = document["model"]["base_model"]
    format_name = document["pretrained"]["format"]
    model_class, checkpoint_format = None, None
    for candidate in (GPTModelConfig, MultiModalModelConfig):
        for checkpoint in candidate.checkpoint_formats:
            if checkpoint.name == format_name:
                model_class, checkpoint_format = candidate, checkpoint
    truth = {"format": format_name}

    def shape_of(tensor):
        return [int(size) for size in tensor.shape]

    # Build, as Fast-LLM's converter test builds a fixture's model.
    try:
        model_config = model_class.from_dict({"base_model": base_model})
        config = model_config.base_model
        model = config.get_base_model(DistributedConfig())
    except Exception as error:  # noqa: BLE001
        truth["build_error"] = error_text(error)
        return truth
    shapes = {name: shape_of(parameter) for name, parameter in model.named_parameters()}
    truth["parameters"] = [[name, shape] for name, shape in shapes.items()]
    groups = {}
    for main, group in model.get_tied_parameters().items():
        members = group if isinstance(group, (list, tuple)) else [group]
        groups[main] = [member.tensor_name for member in members]
    truth["tied"] = {"get_tied_parameters": groups}
    duplicates = {name for main, members in groups.items() for name in members if name != main}

    handler_class = checkpoint_format.get_handler_class()
    try:
        leaves = handler_class.base_model_converter_class.get_converters(config)
    except Exception as error:  # noqa: BLE001
        truth["converters_error"] = error_text(error)
        leaves = None
    if leaves is not None:
        converters = []
        for leaf in leaves:
            entry = {"fastllm": list(leaf.fast_llm_name), "hf": list(leaf.export_name),
                     "converter": type(leaf).__name__}
            try:
                inputs = tuple(torch.empty(shapes[name], device="meta") for name in leaf.fast_llm_name)
                outputs = [shape_of(output) for output in leaf.export_weight(inputs)]
                entry["fastllm_shapes"] = [shapes[name] for name in leaf.fast_llm_name]
                entry["hf_shapes"] = outputs
            except Exception as error:  # noqa: BLE001
                entry["shape_error"] = error_text(error)
            converters.append(entry)
        truth["converters"] = {"meta": {"format": format_name}, "converters": converters}

    class Model:  # what a checkpoint handler reads of a model
        def __init__(self, config):
            self.config = config

    # Export the config, as the handler's save_metadata does.
    try:
        exported = handler_class._export_config(model_config)
        truth["config_json"] = json.loads(json.dumps(exported))
    except Exception as error:  # noqa: BLE001
        truth["export_error"] = error_text(error)
    # Save: the stored parameters (tied duplicates are not stored), one at a
    # time through _convert_state_dict, then nothing may be left.
    saved = {}
    try:
        handler = handler_class(Model(model_config))
        state = {}
        for name, shape in shapes.items():
            if name in duplicates:
                continue
            state[name] = torch.empty(shape, device="meta")
            for exported_name, tensor in handler._convert_state_dict(state, True).items():
                if exported_name in saved:
                    raise ValueError(f"`{exported_name}` is written twice")
                saved[exported_name] = shape_of(tensor)
        if state:
            raise AssertionError(f"Un-handled entries after conversion: {sorted(state)}")
        truth["saved"] = [[name, shape] for name, shape in saved.items()]
    except Exception as error:  # noqa: BLE001
        truth["save_error"] = error_text(error)
    if "config_json" not in truth or "saved" not in truth:
        return truth
    # Load: import the exported config, rebuild, and feed the saved tensors
    # back through _convert_state_dict; every stored parameter must be
    # filled once, with its number of elements, and nothing left over.
    try:
        imported_config = handler_class._import_config(json.loads(json.dumps(truth["config_json"])))
        if isinstance(imported_config, dict):  # Apriel2 returns the dict CheckpointMetadata validates
            imported_config = model_class.from_dict(imported_config)
        imported_model = imported_config.base_model.get_base_model(DistributedConfig())
        imported_shapes = {name: shape_of(p) for name, p in imported_model.named_parameters()}
        imported_duplicates = {member.tensor_name for main, group in imported_model.get_tied_parameters().items()
                               for member in (group if isinstance(group, (list, tuple)) else [group])
                               if member.tensor_name != main}
        loader = handler_class(Model(imported_config))
        state, loaded = {}, set()
        for name, shape in saved.items():
            state[name] = torch.empty(shape, device="meta")
            for parameter, tensor in loader._convert_state_dict(state, False).items():
                if parameter not in imported_shapes or parameter in imported_duplicates:
                    raise KeyError(f"`{parameter}` is not a stored parameter")
                if parameter in loaded:
                    raise ValueError(f"Duplicate loaded parameter {parameter}")
                if tensor.numel() != torch.Size(imported_shapes[parameter]).numel():
                    raise AssertionError(f"`{parameter}`: {shape_of(tensor)} != {imported_shapes[parameter]}")
                loaded.add(parameter)
        if state:
            raise AssertionError(f"unconsumed tensors: {sorted(state)}")
        missing = sorted(set(imported_shapes) - imported_duplicates - loaded)
        if missing:
            raise RuntimeError(f"not loaded: {missing}")
        truth["load_ok"] = True
    except Exception as error:  # noqa: BLE001
        truth["load_error"] = error_text(error)
    return truth


# transformers 4.57's PretrainedConfig().to_dict() keys
# (../shared/hf-config-coverage.md 3b), which Fast-LLM's HF-side coverage
# check adds to its allowlist from the installed transformers (stubbed here).
PRETRAINED_CONFIG_KEYS = frozenset("""
    return_dict output_hidden_states torchscript dtype output_attentions pruned_heads tie_word_embeddings
    chunk_size_feed_forward is_encoder_decoder is_decoder cross_attention_hidden_size add_cross_attention
    tie_encoder_decoder architectures finetuning_task id2label label2id task_specific_params problem_type
    tokenizer_class prefix bos_token_id pad_token_id eos_token_id sep_token_id decoder_start_token_id max_length
    min_length do_sample early_stopping num_beams num_beam_groups diversity_penalty temperature top_k top_p
    typical_p repetition_penalty length_penalty no_repeat_ngram_size encoder_no_repeat_ngram_size bad_words_ids
    num_return_sequences output_scores return_dict_in_generate forced_bos_token_id forced_eos_token_id
    remove_invalid_values exponential_decay_length_penalty suppress_tokens begin_suppress_tokens _name_or_path
    transformers_version model_type tf_legacy_loss use_bfloat16""".split())


def record(out):
    import _stubfinder  # noqa: F401  (import-only stand-ins for transformers and datasets)
    import _tritonstub  # noqa: F401  (import-only stand-in for triton)
    import fast_llm.models.gpt.conversion.auto  # noqa: F401
    import fast_llm.models.multimodal.conversion.auto  # noqa: F401
    from fast_llm.engine.checkpoint.huggingface import HuggingfaceStateDictCheckpointHandler

    HuggingfaceStateDictCheckpointHandler._hf_metadata_allowlist = classmethod(
        lambda cls: cls._HF_METADATA_ALLOWLIST | PRETRAINED_CONFIG_KEYS)

    paths = sorted(out.rglob("*.yaml"))
    for path in paths:
        try:
            truth = record_one(path)
        except Exception:  # noqa: BLE001  (a harness bug: say where)
            print(f"FAIL {path}\n{traceback.format_exc()}", file=sys.stderr)
            raise
        path.with_suffix(".truth.json").write_text(json.dumps(truth, separators=(",", ":")) + "\n")
        status = ("build_error" if "build_error" in truth else "converters_error" if "converters_error" in truth
                  else "export_error" if "export_error" in truth else "save_error" if "save_error" in truth
                  else "load_error" if "load_error" in truth else "ok")
        print(f"{path.relative_to(out).with_suffix('')}: {status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("generate", "record"))
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--per-format", type=int, default=40)
    parser.add_argument("--seed", type=int, default=17)
    arguments = parser.parse_args()
    if arguments.command == "generate":
        generate(arguments.out, arguments.per_format, arguments.seed)
    else:
        record(arguments.out)


if __name__ == "__main__":
    main()
