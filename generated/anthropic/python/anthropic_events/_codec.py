# DO NOT EDIT: copied by eventgen from eventgen/runtime/_codec.py.
# Run `eventgen generate` to refresh it.
"""Helpers the generated `from_dict` and `to_dict` methods share.

Decoding keeps what the schema does not promise. `null` is accepted in every
field, even a required one, because real streams send it. The generated code tests
each value's exact JSON type inline and calls a `check_` function only when the
test fails: it accepts subclasses (an `OpenEnum` is a `str`) and raises
`PayloadError` for anything else.

JSON paths cost nothing until an error. Inside a `from_dict` every value's path is
a constant relative to the object (`("$", "delta")`), and list items and map
values are built with `"$"`; when a `PayloadError` passes a level on its way out,
`relocate` puts that level's path in front, so the error names the full path
(`$.delta.content[0]`) exactly as if it had been tracked all along.

A decoded object keeps the dict it was decoded from (`_wire_keys`), which gives
`to_dict` the wire's key order for free. Its `extra_fields` are made from that dict
the first time they are read (`Decoded`, `ExtraFields`): most objects have none and
most are never asked, so decoding allocates nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MemberDescriptorType
from typing import Any, ClassVar, TypeAlias

from .errors import PayloadError

JsonPath: TypeAlias = "str | tuple[JsonPath, str | int]"
"""`"$"`, or `(parent, key)`: a key of an object or an index of an array."""


def render(path: JsonPath) -> str:
    """The path as text: `$.delta.content[0].text`."""
    keys: list[str | int] = []
    while isinstance(path, tuple):
        path, key = path
        keys.append(key)
    return path + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in reversed(keys))


def check_object(value: Any, path: JsonPath) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise PayloadError(render(path), "an object", value)


def check_string(value: Any, path: JsonPath) -> str:
    if isinstance(value, str):
        return value
    raise PayloadError(render(path), "a string", value)


def check_integer(value: Any, path: JsonPath) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PayloadError(render(path), "an integer", value)


def check_number(value: Any, path: JsonPath) -> float:
    # JSON does not tell 1 from 1.0; ints are kept as ints so they write back unchanged.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise PayloadError(render(path), "a number", value)


def check_boolean(value: Any, path: JsonPath) -> bool:
    if isinstance(value, bool):
        return value
    raise PayloadError(render(path), "a boolean", value)


def keep(value: Any, path: JsonPath) -> Any:
    return value


def relocate(exc: PayloadError, path: JsonPath) -> None:
    """Make `exc`, raised with a path relative to a value ("$..."), name it from `path`."""
    if path != "$":
        exc.__init__(render(path) + exc.path[1:], exc.expected, exc.value)  # type: ignore[misc]


def decode_list(build: Callable[[Any, JsonPath], Any], value: Any, path: JsonPath) -> list[Any]:
    if type(value) is not list:
        if not isinstance(value, list):
            raise PayloadError(render(path), "an array", value)
    try:
        # A loop rather than a comprehension: most lists hold one or two items, and a
        # comprehension's set-up costs more than that before Python 3.12.
        if len(value) == 1:
            item = value[0]
            return [None if item is None else build(item, "$")]
        out: list[Any] = []
        append = out.append
        for item in value:
            append(None if item is None else build(item, "$"))
        return out
    except PayloadError as exc:
        # The error path only: find the item again to name its index.
        relocate(exc, (path, _failing(build, enumerate(value))))
        raise


def decode_map(build: Callable[[Any, JsonPath], Any], value: Any, path: JsonPath) -> dict[str, Any]:
    """A JSON object of typed values: each value built, keys kept in order."""
    if type(value) is not dict:
        value = check_object(value, path)
    try:
        return {k: None if v is None else build(v, "$") for k, v in value.items()}
    except PayloadError as exc:
        relocate(exc, (path, _failing(build, value.items())))
        raise


def _failing(build: Callable[[Any, JsonPath], Any], items: Iterable[tuple[Any, Any]]) -> Any:
    """The key of the first item `build` refuses (decoding has no side effects)."""
    for key, item in items:
        if item is not None:
            try:
                build(item, "$")
            except PayloadError:
                return key
    raise AssertionError("no item fails twice")  # pragma: no cover


def extra(d: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The keys of `d` the schema does not know, in wire order."""
    return {k: v for k, v in d.items() if k not in known}


class _Unread:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNREAD"

    def __reduce__(self) -> str:
        return "UNREAD"


UNREAD: Any = _Unread()
"""What a decoded object holds for its extra fields until they are first read."""


class Decoded:
    """The base of every payload dataclass.

    Each class's `extra_fields` slot is reached under the name `_extra`, where
    `from_dict` stores `UNREAD` (a plain slot store), and `ExtraFields` takes the
    name `extra_fields`: on first read it makes the dict of unknown keys from the
    wire dict. Reading, setting and deleting behave as for a plain field, and
    `dataclasses`, pickling and copying see a dict as they always did.
    """

    __slots__ = ()
    _extra: Any
    _wire_keys: dict[str, Any] | None
    _KEYS: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A class made with an `extra_fields` slot of its own: every payload class as
        # `dataclass(slots=True)` remakes it, and on Python 3.10 a slots dataclass
        # subclassing one, which declares the slot again.
        if isinstance(cls.__dict__.get("extra_fields"), MemberDescriptorType):
            lazy_extra_fields(cls)


class ExtraFields:
    """`extra_fields` of every `Decoded` class: a field kept in its slot, `_extra`."""

    __slots__ = ()

    def __get__(self, obj: Decoded | None, owner: Any = None) -> Any:
        if obj is None:
            return self
        try:
            value = obj._extra
        except AttributeError:
            raise _missing(obj) from None
        if value is UNREAD:
            wire, known = obj._wire_keys, obj._KEYS
            value = obj._extra = {} if known.issuperset(wire or ()) else extra(wire or {}, known)
        return value

    def __set__(self, obj: Decoded, value: Any) -> None:
        obj._extra = value

    def __delete__(self, obj: Decoded) -> None:
        try:
            del obj._extra
        except AttributeError:
            raise _missing(obj) from None


def _missing(obj: Decoded) -> AttributeError:
    return AttributeError(f"'{type(obj).__name__}' object has no attribute 'extra_fields'")


_EXTRA_FIELDS = ExtraFields()


def lazy_extra_fields(cls: Any) -> None:
    """Give payload dataclass `cls` its `extra_fields` slot as `_extra`, and put
    `ExtraFields` in its place (`Decoded.__init_subclass__` calls it)."""
    cls._extra = cls.__dict__["extra_fields"]
    cls.extra_fields = _EXTRA_FIELDS


def has_extra_fields(obj: Decoded) -> bool:
    """Whether `obj.extra_fields` is non-empty, without making it if it was never read."""
    value = obj._extra
    if value is UNREAD:
        return not obj._KEYS.issuperset(obj._wire_keys or ())
    return bool(value)


def dump(value: Any) -> Any:
    """Encode a union member: open-enum strings as they are, objects through to_dict."""
    return value if value is None or isinstance(value, str) else value.to_dict()


def dump_list(values: Iterable[Any] | None) -> Any:
    return None if values is None else [dump(v) for v in values]


def dump_map(values: Mapping[str, Any] | None) -> Any:
    return None if values is None else {k: dump(v) for k, v in values.items()}


def assemble(
    known: dict[str, Any],
    extra_fields: Any,
    wire: Mapping[str, Any] | None,
    required: frozenset[str],
) -> dict[str, Any]:
    """The wire dict of an object, from its fields (`known`), its extra fields (a dict,
    or `UNREAD`) and the dict it was decoded from (`wire`, None if built in code).

    Decoded objects write back exactly the keys they came with, in their order: an
    absent key stays absent and a null stays null. Fields set since, and extra
    fields added since, follow. Objects built in code write their required fields,
    the optional ones that are set, then their extra fields.
    """
    if wire is None:
        out = {k: v for k, v in known.items() if v is not None or k in required}
        out.update(extra_fields)
        return out
    out = {}
    if extra_fields is UNREAD:
        # Extra fields never read were never changed: they are the wire's unknown keys.
        for key, value in wire.items():
            out[key] = known[key] if key in known else value
    else:
        for key in wire:
            if key in known:
                out[key] = known[key]
            elif key in extra_fields:
                out[key] = extra_fields[key]
    for key, value in known.items():
        if key not in out and value is not None:
            out[key] = value
    if extra_fields is not UNREAD:
        for key, value in extra_fields.items():
            out.setdefault(key, value)
    return out
