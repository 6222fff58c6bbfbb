"""A tiny, safe reader for the PHP ``serialize()`` arrays the classic API takes.

WHMCS's AddOrder takes ``customfields[i]`` and ``configoptions[i]`` as
``base64_encode(serialize([id => value, ...]))``. Only that shape is read here: one flat array
whose keys are ints or strings and whose values are ints, strings or bools::

    a:2:{i:1;s:5:"hello";i:7;b:1;}

Anything else (objects, references, floats, nulls, nested arrays, trailing bytes) is refused
with ``PhpSerializeError``: the reader never instantiates or evaluates anything.
"""

from __future__ import annotations

import base64
import binascii
import re

MAX_INPUT = 64 * 1024
MAX_ENTRIES = 1000

Key = int | str
Value = int | str | bool

_INT = re.compile(rb"i:(-?\d{1,18});")
_BOOL = re.compile(rb"b:([01]);")
_STRING_HEAD = re.compile(rb"s:(\d{1,6}):\"")
_ARRAY_HEAD = re.compile(rb"a:(\d{1,6}):\{")


class PhpSerializeError(ValueError):
    """The input is not a flat serialized array of ints, strings and bools."""


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def _match(self, pattern: re.Pattern[bytes]) -> re.Match[bytes] | None:
        found = pattern.match(self.data, self.at)
        if found is not None:
            self.at = found.end()
        return found

    def string(self) -> str | None:
        head = self._match(_STRING_HEAD)
        if head is None:
            return None
        length = int(head[1])
        end = self.at + length
        if self.data[end : end + 2] != b'";':
            raise PhpSerializeError("a string's length does not match its contents")
        raw = self.data[self.at : end]
        self.at = end + 2
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PhpSerializeError("strings must be UTF-8") from None

    def key(self) -> Key:
        found = self._match(_INT)
        if found is not None:
            return int(found[1])
        text = self.string()
        if text is None:
            raise PhpSerializeError("array keys must be integers or strings")
        return text

    def value(self) -> Value:
        found = self._match(_INT)
        if found is not None:
            return int(found[1])
        found = self._match(_BOOL)
        if found is not None:
            return found[1] == b"1"
        text = self.string()
        if text is None:
            raise PhpSerializeError("only integer, string and boolean values are accepted")
        return text

    def array(self) -> dict[Key, Value]:
        head = self._match(_ARRAY_HEAD)
        if head is None:
            raise PhpSerializeError("a serialized array was expected")
        count = int(head[1])
        if count > MAX_ENTRIES:
            raise PhpSerializeError("the array has too many entries")
        result: dict[Key, Value] = {}
        for _ in range(count):
            key = self.key()
            result[key] = self.value()
        if self.data[self.at : self.at + 1] != b"}":
            raise PhpSerializeError("the array does not end where its size says")
        self.at += 1
        if self.at != len(self.data):
            raise PhpSerializeError("unexpected data after the array")
        return result


def loads_array(data: bytes) -> dict[Key, Value]:
    """The flat array serialized in ``data``; raises PhpSerializeError for anything else."""
    if len(data) > MAX_INPUT:
        raise PhpSerializeError("the serialized data is too long")
    return _Reader(data).array()


def loads_base64_array(text: str) -> dict[Key, Value]:
    """``base64_decode`` then ``unserialize``, as WHMCS reads customfields/configoptions."""
    try:
        data = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise PhpSerializeError("the value is not valid base64") from None
    return loads_array(data)


def dumps_array(values: dict[Key, Value]) -> bytes:
    """The inverse, for tests and examples: PHP's serialize() of a flat array."""

    def one(item: Key | Value) -> bytes:
        if isinstance(item, bool):
            return b"b:%d;" % int(item)
        if isinstance(item, int):
            return b"i:%d;" % item
        encoded = item.encode("utf-8")
        return b's:%d:"%s";' % (len(encoded), encoded)

    body = b"".join(one(key) + one(value) for key, value in values.items())
    return b"a:%d:{%s}" % (len(values), body)
