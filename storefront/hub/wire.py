"""The one mapping between Hub wire JSON (camelCase keys) and our frozen dataclasses (snake_case fields).

`from_wire(cls, data)` reads each dataclass field from the key named after it, so a field added anywhere in a
class lands on its own key. A field may say otherwise in its metadata: `wire` names a different key, or a dotted
path into a nested object, and `parse` turns the raw value into the field's value. Keys the Hub adds that we have
no field for are ignored; fields the Hub leaves out keep their defaults.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING = object()


def camel(name: str) -> str:
    """product_reference → productReference."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_field(wire: str | None = None, parse=None, **options) -> Any:
    """A dataclass field read from wire key `wire` (dotted for nested) and/or converted by `parse`."""
    metadata = {key: value for key, value in (("wire", wire), ("parse", parse)) if value is not None}
    return dataclasses.field(metadata=metadata, **options)


def json_object(text) -> dict:
    """A JSON document serialized into a string (the Hub's workflow content); unparsable becomes {}."""
    if isinstance(text, Mapping):
        return dict(text)
    try:
        value = json.loads(text) if text else {}
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def to_wire(value: Any) -> Any:
    """Dataclass → dict with camelCase keys, None omitted; tuples → lists; plain dicts keep their keys."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is not None:
                out[f.metadata.get("wire", camel(f.name))] = to_wire(item)
        return out
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    if isinstance(value, dict):
        return {key: to_wire(item) for key, item in value.items() if item is not None}
    return value


def from_wire(cls: type[T], data: Mapping | None) -> T:
    """An instance of dataclass `cls` from a wire object, each field from its own key (see the module doc)."""
    data = data if isinstance(data, Mapping) else {}
    values = {}
    for f, convert in _readers(cls):
        raw = _lookup(data, f.metadata.get("wire", camel(f.name)))
        if raw is not _MISSING:
            values[f.name] = convert(raw)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            values[f.name] = None  # a required field the Hub left out: None, as a tolerant reader must

    return cls(**values)


@cache
def _readers(cls: type) -> tuple:
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    return tuple((f, f.metadata.get("parse") or _converter(hints[f.name])) for f in dataclasses.fields(cls) if f.init)


def _lookup(data: Mapping, key: str):
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _converter(hint):
    """How to turn a raw wire value into a field of type `hint`: nested dataclasses, tuples, dicts and bools."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in args if arg is not type(None)]
        convert = _converter(inner[0]) if len(inner) == 1 else _same
        return lambda raw: None if raw is None else convert(raw)
    if dataclasses.is_dataclass(hint):
        return lambda raw: from_wire(hint, raw)
    if origin is tuple:
        item = _converter(args[0]) if args else _same
        return lambda raw: tuple(item(entry) for entry in (raw or ()))
    if hint is dict or origin is dict:
        return lambda raw: dict(raw or {})
    if hint is bool:
        return bool
    return _same


def _same(raw):
    return raw
