# DO NOT EDIT: copied by eventgen from eventgen/runtime/_open_enum.py.
# Run `eventgen generate` to refresh it.
"""Open string enums: the known values as constants, and any other value kept.

APIs add enum values over time (a new run status, a new event name). A closed
`enum.Enum` raises on them; an `OpenEnum` keeps them. Every value is a `str`, so it
compares equal to and hashes as its wire string, serializes as one, and works in
`match` with the constants as value patterns. Known values are interned. Unknown
values are made afresh on each call and never cached, so a stream of ever-new
values cannot grow memory.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from ._codec import JsonPath, render
from .errors import PayloadError

_E = TypeVar("_E", bound="OpenEnum")


class OpenEnum(str):
    """Base of the generated open enums; use a subclass's constants and `from_string`."""

    __slots__ = ()
    _known: ClassVar[dict[str, Any]]
    _constant_names: ClassVar[dict[str, str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._known = {}
        cls._constant_names = {}

    def __new__(cls: type[_E], value: str) -> _E:
        return cls.from_string(value)

    @classmethod
    def from_string(cls: type[_E], value: str) -> _E:
        """The known member for `value`, or a new value of this type that keeps it."""
        try:
            known: _E | None = cls._known.get(value)
        except TypeError:  # unhashable
            known = None
        if known is not None:
            return known
        if not isinstance(value, str):
            raise TypeError(f"{cls.__name__} values are strings, not {type(value).__name__}")
        return str.__new__(cls, value)

    @classmethod
    def values(cls: type[_E]) -> tuple[_E, ...]:
        """The known members, in the order the spec lists them."""
        return tuple(cls._known.values())

    @classmethod
    def decode(cls: type[_E], value: Any, path: JsonPath) -> _E:
        """Decode a JSON value at `path`: any string is accepted and kept."""
        known: _E | None = cls._known.get(value) if type(value) is str else None
        if known is not None:
            return known
        if isinstance(value, str):
            return cls.from_string(value)
        raise PayloadError(render(path), "a string", value)

    @classmethod
    def _define(cls: type[_E], constant: str, value: str) -> _E:
        member = str.__new__(cls, value)
        cls._known[value] = member
        cls._constant_names[value] = constant
        return member

    @property
    def is_known(self) -> bool:
        """Whether this value is one the spec lists."""
        return self in type(self)._known

    def __repr__(self) -> str:
        constant = type(self)._constant_names.get(self)
        if constant is not None:
            return f"{type(self).__name__}.{constant}"
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickling goes through from_string, so known members stay interned.
        return (type(self), (str(self),))
