"""What the real Fast-LLM builds for a config: the dumps weightwalk's
diff-params and diff-converters read (coverage/drift.h).

    fastllm_dump.py CONFIG.yaml OUT_DIR     (the environment of docs/FASTLLM.md)

writes OUT_DIR/<name>.params.json ({"parameters": [[name, shape], ...],
"tied": {"get_tied_parameters": {main: [names]}}}) and, when the config has
a Hugging Face `pretrained.format`, OUT_DIR/<name>.converters.json ({"meta":
{"format": ...}, "converters": [{"fastllm", "hf", "converter",
"fastllm_shapes", "hf_shapes"}]}), <name> being the file's name without its
extension. The model is built on the meta device, as Fast-LLM's own
converter tests build it; each converter's checkpoint shapes come from its
own export_weight on meta tensors.
"""

import json
import pathlib
import sys

import _stubfinder  # noqa: F401  (import-only stand-ins for transformers and datasets)
import _tritonstub  # noqa: F401  (import-only stand-in for triton)
import torch
import yaml

import fast_llm.models.gpt.conversion.auto  # noqa: F401  (registers the formats)
import fast_llm.models.multimodal.conversion.auto  # noqa: F401
from fast_llm.engine.distributed.config import DistributedConfig
from fast_llm.models.gpt.config import GPTModelConfig
from fast_llm.models.multimodal.config import MultiModalModelConfig


def model_class_for(format_name, base_model):
    """The model config class whose checkpoint formats include the format."""
    for model_class in (GPTModelConfig, MultiModalModelConfig):
        for checkpoint_format in model_class.checkpoint_formats:
            if checkpoint_format.name == format_name:
                return model_class, checkpoint_format
    return (MultiModalModelConfig if "vision_encoder" in base_model else GPTModelConfig), None


def load(path):
    document = yaml.safe_load(pathlib.Path(path).read_text()) or {}
    if "model" in document:
        base_model = (document["model"] or {}).get("base_model") or {}
        format_name = ((document.get("pretrained") or {}).get("format"))
    else:
        base_model, format_name = document, None
    return base_model, format_name


def shape_of(tensor):
    return [int(size) for size in tensor.shape]


def dump(base_model_dict, format_name):
    model_class, checkpoint_format = model_class_for(format_name, base_model_dict)
    config = model_class.get_base_model_config_class().from_dict(base_model_dict)
    model = config.get_base_model(DistributedConfig())
    shapes = {name: shape_of(parameter) for name, parameter in model.named_parameters()}
    groups = {}
    for main, group in model.get_tied_parameters().items():
        members = group if isinstance(group, (list, tuple)) else [group]
        groups[main] = [getattr(member, "tensor_name", None) for member in members]
    params = {"parameters": [[name, shape] for name, shape in shapes.items()],
              "tied": {"get_tied_parameters": groups}}
    if checkpoint_format is None or not hasattr(checkpoint_format.get_handler_class(), "base_model_converter_class"):
        return params, None
    handler = checkpoint_format.get_handler_class()
    converters = []
    for leaf in handler.base_model_converter_class.get_converters(config):
        entry = {"fastllm": list(leaf.fast_llm_name), "hf": list(leaf.export_name),
                 "converter": type(leaf).__name__}
        try:
            inputs = tuple(torch.empty(shapes[name], device="meta") for name in leaf.fast_llm_name)
            entry["fastllm_shapes"] = [shapes[name] for name in leaf.fast_llm_name]
            entry["hf_shapes"] = [shape_of(output) for output in leaf.export_weight(inputs)]
        except Exception as error:  # noqa: BLE001  (recorded, like Fast-LLM would fail on export)
            entry.pop("fastllm_shapes", None)
            entry["shape_error"] = f"{type(error).__name__}: {error}"
        converters.append(entry)
    return params, {"meta": {"format": checkpoint_format.name}, "converters": converters}


def main():
    path, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    name = path.name.rsplit(".", 1)[0]
    params, converters = dump(*load(path))
    (out / f"{name}.params.json").write_text(json.dumps(params, indent=1) + "\n")
    if converters is not None:
        (out / f"{name}.converters.json").write_text(json.dumps(converters, indent=1) + "\n")
    print(f"{name}: {len(params['parameters'])} parameters, "
          f"{'no' if converters is None else len(converters['converters'])} converters")


if __name__ == "__main__":
    main()
