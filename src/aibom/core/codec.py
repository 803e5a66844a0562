"""The core types as JSON data and back, derived from their annotations, so the two never drift.

``encode`` turns frozen dataclasses, enums and tuples into dicts, strings and lists; ``decode``
rebuilds a value of a given type from such data, checking every field against its annotation and
naming the path of the first mismatch. Unknown keys are ignored (a newer aibom may add fields);
missing keys take the field's default. A field marked ``metadata={"transient": True}`` is left
out (a license file's text belongs to the model, not to the report).
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar, get_args, get_origin

from aibom.core import licensing, model

T = TypeVar("T")
_NAMESPACE: dict[str, Any] = {**vars(model), **vars(licensing)}


class CodecError(ValueError):
    """Data that is not a value of the expected type; the message names where."""


def encode(value: object) -> Any:
    """Plain JSON data (dicts, lists, str, int, float, bool, None) for a core value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.metadata.get("transient")
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): encode(item) for key, item in value.items()}
    return value


def decode(kind: type[T], data: object, where: str = "") -> T:
    """A value of ``kind`` rebuilt from ``data``; CodecError when it does not fit."""
    return typing.cast(T, _decode(kind, data, where or "$"))


def _decode(kind: Any, data: object, where: str) -> Any:
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _union(kind, data, where)
    if origin is tuple:
        return _tuple(kind, data, where)
    if origin is dict:
        key_type, value_type = get_args(kind)
        if not isinstance(data, dict):
            raise CodecError(f"{where}: expected an object")
        return {
            _decode(key_type, key, where): _decode(value_type, item, f"{where}.{key}")
            for key, item in data.items()
        }
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(data)
        except ValueError:
            raise CodecError(f"{where}: {data!r} is not a {kind.__name__}") from None
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind, data, where)
    return _scalar(kind, data, where)


def _union(kind: Any, data: object, where: str) -> Any:
    options = get_args(kind)
    if data is None:
        if type(None) in options:
            return None
        raise CodecError(f"{where}: must not be null")
    for option in options:
        if option is type(None):
            continue
        try:
            return _decode(option, data, where)
        except CodecError:
            continue
    raise CodecError(f"{where}: {type(data).__name__} fits none of {kind}")


def _tuple(kind: Any, data: object, where: str) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise CodecError(f"{where}: expected a list")
    args = get_args(kind)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(args[0], item, f"{where}[{i}]") for i, item in enumerate(data))
    if len(args) != len(data):
        raise CodecError(f"{where}: expected {len(args)} items")
    pairs = enumerate(zip(args, data, strict=True))
    return tuple(_decode(arg, item, f"{where}[{i}]") for i, (arg, item) in pairs)


def _dataclass(kind: type[Any], data: object, where: str) -> Any:
    if not isinstance(data, dict):
        raise CodecError(f"{where}: expected an object for {kind.__name__}")
    hints = _hints(kind)
    values = {}
    for field in dataclasses.fields(kind):
        if field.name in data and not field.metadata.get("transient"):
            values[field.name] = _decode(
                hints[field.name], data[field.name], f"{where}.{field.name}"
            )
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise CodecError(f"{where}.{field.name}: missing")
    return kind(**values)


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(kind: type[Any]) -> dict[str, Any]:
    """A dataclass's resolved field types, once: resolving costs more than decoding a field."""
    found = _HINTS.get(kind)
    if found is None:
        found = _HINTS[kind] = typing.get_type_hints(kind, globalns=_NAMESPACE)
    return found


def _scalar(kind: Any, data: object, where: str) -> Any:
    if kind is Any or kind is object:
        return data
    if kind is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if kind is int and isinstance(data, bool):
        raise CodecError(f"{where}: expected int, found bool")
    if kind is bool and not isinstance(data, bool):
        raise CodecError(f"{where}: expected bool")
    if isinstance(kind, type) and isinstance(data, kind):
        return data
    raise CodecError(f"{where}: expected {getattr(kind, '__name__', kind)}")
