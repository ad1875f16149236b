"""Read a pack's YAML safely and keep the line of every mapping, so that every error can name its line.

Refuses files over the size limit before reading them, aliases/anchors (no "billion laughs"), duplicate keys and
anything but plain data (PyYAML's safe loader). Dates become ISO text, as the JSON Schema expects.
"""

from __future__ import annotations

import datetime as dt
import os

import yaml

from guifan.standards.errors import PackError

MAX_PACK_BYTES = 2 * 1024 * 1024


class LineDict(dict):
    """A mapping that remembers the 1-based line it started on, and the line of each of its keys."""

    line: int = 0
    key_lines: dict = {}


# libyaml's parser when PyYAML was built with it (ten times faster on the shipped pack); the constructor that keeps
# the lines is Python either way.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PackLoader(_Base):
    def construct_mapping(self, node, deep=False):
        key_lines = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in key_lines:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            key_lines[key] = key_node.start_mark.line + 1
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = key_lines
        return mapping


def _construct_date(loader, node):
    value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


_PackLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)
_PackLoader.add_constructor("tag:yaml.org,2002:map", _PackLoader.construct_mapping)


def read_text(path: str | os.PathLike, limit: int = MAX_PACK_BYTES) -> str:
    """The file's text, refused (without reading it) when it is larger than `limit` bytes."""
    path = os.fspath(path)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise PackError([f"cannot read the pack: {exc.strerror}"], path) from None
    if size > limit:
        raise PackError([f"file is {size:,} bytes, more than the {limit:,} bytes a pack may have"], path)
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise PackError([f"file is more than the {limit:,} bytes a pack may have"], path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError([f"not UTF-8 text (byte {exc.start})"], path) from None


def _refuse_aliases(text: str) -> None:
    """No alias may refer to an anchor (no "billion laughs"): checked on the parser's events, before anything is
    built. An alias needs a `*`, so a pack without one is not parsed twice."""
    if "*" not in text:
        return
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not allowed in a pack", event.start_mark
            )


def load_yaml(text: str, path: str = "") -> LineDict:
    """Parse `text`; a YAML error becomes a PackError naming its line and column."""
    if len(text.encode("utf-8")) > MAX_PACK_BYTES:
        raise PackError([f"pack text is more than the {MAX_PACK_BYTES:,} bytes a pack may have"], path)
    try:
        _refuse_aliases(text)
        data = yaml.load(text, Loader=_PackLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise PackError([f"{where}YAML error: {exc.problem or exc.context}"], path) from None
    except yaml.YAMLError as exc:
        raise PackError([f"YAML error: {exc}"], path) from None
    if not isinstance(data, dict):
        raise PackError(["a pack must be a YAML mapping (pack:, version:, facts:, criteria: …)"], path)
    return data


def line_of(data, path: list) -> int:
    """The line of the innermost mapping on `path` (keys and list indexes) inside `data`, or of the key that holds a
    list or a plain value (e.g. `rules:`); 0 when unknown."""
    line = getattr(data, "line", 0)
    current = data
    for step in path:
        parent = current
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(current, "line", None) or getattr(parent, "key_lines", {}).get(step, line)
    return line
