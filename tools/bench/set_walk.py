#!/usr/bin/env python3
"""The baseline for tools/bench/side_by_side.sh: a bare two-direction set walk.

What a team writes today without weightwalk: load the checkpoint's weight map
with json.load, build the names the converter table expects (here: the
Mixtral names for the config's layers and experts, as a hand-written table
would), and report both directions of the difference.

    set_walk.py CHECKPOINT_DIR
"""
import json
import os
import sys


def expected_names(config):
    names = {"model.embed_tokens.weight", "model.norm.weight"}
    if not config.get("tie_word_embeddings", False):
        names.add("lm_head.weight")
    for layer in range(config["num_hidden_layers"]):
        prefix = f"model.layers.{layer}."
        for name in ("self_attn.q_proj.weight", "self_attn.k_proj.weight",
                     "self_attn.v_proj.weight", "self_attn.o_proj.weight",
                     "input_layernorm.weight", "post_attention_layernorm.weight",
                     "block_sparse_moe.gate.weight"):
            names.add(prefix + name)
        for expert in range(config["num_local_experts"]):
            for w in ("w1", "w2", "w3"):
                names.add(f"{prefix}block_sparse_moe.experts.{expert}.{w}.weight")
    return names


def main(directory):
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(directory, "model.safetensors.index.json")) as f:
        present = set(json.load(f)["weight_map"])
    expected = expected_names(config)
    missing = sorted(expected - present)
    unconsumed = sorted(present - expected)
    for name in missing:
        print("missing:", name)
    for name in unconsumed:
        print("unconsumed:", name)
    print(f"{len(present)} names: {len(missing)} missing, {len(unconsumed)} unconsumed")
    return 1 if missing or unconsumed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
