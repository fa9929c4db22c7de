"""Writes the schema of Fast-LLM's base-model config classes as JSON.

weightwalk reads a user's Fast-LLM config file (model/fastllm_config.h) and
must accept exactly the keys and value types Fast-LLM accepts. Rather than
transcribe Fast-LLM's config classes by hand, this script asks the real
Fast-LLM code: starting from the base-model classes, it follows every field's
type annotation and records, per config class, its fields and their types,
and, wherever a field holds a config, which `type:` names select which
subclass (Fast-LLM's dynamic types) and which subclass a missing `type:`
gives.

Run it with the Fast-LLM checkout on PYTHONPATH, in the environment of
docs/FASTLLM.md:

    PYTHONPATH=$FASTLLM:tools/fastllm:$TRUTH_TOOLS $PY tools/fastllm/dump_schema.py \
        > model/fastllm_schema.json

Fields also say whether their default is None ("default_none"). Type
expressions are JSON: "int", "float", "bool", "str", "none", "any",
"path", {"enum": [values]}, {"config": class}, {"list": type},
{"dict": [key type, value type]}, {"union": [types]}, {"subclass_of": class}.
"""

import dataclasses
import enum
import json
import pathlib
import sys
import types
import typing

import _stubfinder  # noqa: F401  (import-only stand-ins for transformers and datasets)
import _tritonstub  # noqa: F401  (import-only stand-in for triton)

import fast_llm.models.gpt.conversion.auto  # noqa: F401  (registers every format and config subclass)
import fast_llm.models.multimodal.conversion.auto  # noqa: F401
from fast_llm.config import Config, NoAutoValidate
from fast_llm.models.gpt.config import GPTBaseModelConfig, GPTModelConfig
from fast_llm.models.multimodal.config import MultiModalBaseModelConfig, MultiModalModelConfig

ROOTS = (GPTBaseModelConfig, MultiModalBaseModelConfig)

classes: dict[str, dict] = {}
pending: list[type] = []


def name_of(cls: type) -> str:
    return cls.__name__


def want(cls: type) -> str:
    if name_of(cls) not in classes and cls not in pending:
        pending.append(cls)
    return name_of(cls)


def type_expression(type_) -> typing.Any:
    if type_ is typing.Any:
        return "any"
    if type_ is types.NoneType or type_ is None:
        return "none"
    if isinstance(type_, types.UnionType) or typing.get_origin(type_) is typing.Union:
        return {"union": [type_expression(arg) for arg in type_.__args__]}
    origin = getattr(type_, "__origin__", None)
    if origin is not None:
        args = getattr(type_, "__args__", ())
        if origin in (list, set, tuple):
            if origin is tuple and not (len(args) == 2 and args[1] is ...):
                return {"tuple": [type_expression(arg) for arg in args]}
            return {"list": type_expression(args[0]) if args else "any"}
        if issubclass(origin, dict):
            args = list(args) + [typing.Any] * (2 - len(args))
            return {"dict": [type_expression(args[0]), type_expression(args[1])]}
        if origin is type:
            return {"subclass_of": name_of(args[0])}
        if issubclass(origin, Config):
            return {"config": want(origin)}
        raise TypeError(f"unsupported generic {type_}")
    if isinstance(type_, type):
        if issubclass(type_, Config):
            return {"config": want(type_)}
        if issubclass(type_, enum.Enum):
            return {"enum": [member.value for member in type_]}
        if issubclass(type_, bool):
            return "bool"
        if issubclass(type_, int):
            return "int"
        if issubclass(type_, float):
            return "float"
        if issubclass(type_, str):
            return "str"
        if issubclass(type_, pathlib.PurePath):
            return "path"
    raise TypeError(f"unsupported type {type_!r}")


def subclasses_by_type_name(cls: type) -> dict[str, str]:
    """Every `type:` name that Config.get_subclass resolves from `cls`."""
    names = set()
    for base in cls.__mro__:
        if isinstance(base, type) and issubclass(base, Config) and base._registry is not None:
            names.update(base._registry.keys())
    out = {}
    for name in sorted(names):
        try:
            subclass = cls.get_subclass(name)
        except KeyError:
            continue
        out[name] = want(subclass)
    return out


def default_subclass(cls: type) -> str:
    """The class Fast-LLM instantiates when the config gives no `type:`."""
    with NoAutoValidate():
        try:
            instance = cls._from_dict({}, strict=False)
        except Exception:  # noqa: BLE001  (a class that needs fields: itself)
            return name_of(cls)
    return want(type(instance))


def describe(cls: type) -> dict:
    fields = {}
    for name, field in cls.fields():
        if not field.init or field._field_type != dataclasses._FIELD:  # noqa: SLF001
            continue
        fields[name] = {
            "type": type_expression(field.type),
            "hint": str(getattr(field, "hint", "")).rsplit(".", 1)[-1],
            # A field whose default is None although its type excludes None is
            # filled in by the class's _validate: an explicit null means the
            # same as leaving it out.
            "default_none": field.default is None,
        }
    return {
        "dynamic_type_name": cls.dynamic_type_name,
        "abstract": bool(getattr(cls, "_abstract", False)),
        "subclasses": subclasses_by_type_name(cls),
        "default_subclass": default_subclass(cls),
        "fields": fields,
    }


def main() -> None:
    for root in ROOTS:
        want(root)
    while pending:
        cls = pending.pop(0)
        if name_of(cls) in classes:
            continue
        classes[name_of(cls)] = {}
        classes[name_of(cls)] = describe(cls)
    formats = {}
    for model_config in (GPTModelConfig, MultiModalModelConfig):
        for checkpoint_format in model_config.checkpoint_formats:
            formats[checkpoint_format.name] = name_of(model_config.get_base_model_config_class())
    json.dump(
        {
            "roots": {"gpt": name_of(GPTBaseModelConfig), "multimodal": name_of(MultiModalBaseModelConfig)},
            "checkpoint_formats": dict(sorted(formats.items())),
            "classes": dict(sorted(classes.items())),
        },
        sys.stdout,
        indent=1,
        sort_keys=False,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
