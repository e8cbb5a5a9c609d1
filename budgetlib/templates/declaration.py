"""The base of the declaration types: records set once when built, then read-only, and compared,
hashed and shown by their fields — what `dataclass(frozen=True)` gives, at a fraction of its import
cost. A frozen dataclass has six methods generated through `exec` for each class (about 0.6 ms a
class); the template types number about sixty and are imported by every command line run, so
`declaration` has only `__init__` generated and the other methods are shared here.

    @declaration                      # or @declaration(kw_only=True)
    class Label(Declared):
        text: str
"""
from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, fields


class Declared:
    """Set once, then read-only; equal, hashed and shown by its compared fields (as a frozen dataclass)."""

    __slots__ = ()

    def __setattr__(self, name, value):
        if name in self.__dict__:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _compared(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self) if f.compare)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self):
        # kept once computed: declarations key memoised functions (a grammar, a role) on every call
        known = self.__dict__.get("_hash")
        if known is None:
            known = hash(self._compared())
            object.__setattr__(self, "_hash", known)
        return known

    def __getstate__(self):
        # the kept hash is of this process (str hashes are salted per process): never carried over
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{type(self).__qualname__}({shown})"


def declaration(cls=None, /, **options):
    """A dataclass of a `Declared` class with only `__init__` generated (options as dataclass's,
    e.g. kw_only=True)."""
    def wrap(c):
        if not issubclass(c, Declared):
            raise TypeError(f"{c.__qualname__}: a declaration type must derive from Declared")
        return dataclass(c, eq=False, repr=False, **options)

    return wrap if cls is None else wrap(cls)
