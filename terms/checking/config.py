"""Settings of ``shuyu check`` from ``shuyu.toml`` or ``pyproject.toml``.

``shuyu.toml`` (table ``[check]``, or ``[tool.shuyu.check]``)::

    [check]
    glossary = "terms/glossary.xlsx"     # relative to the file
    enable = ["term-missing", "forbidden-term"]   # default: all checks
    disable = ["number-mismatch"]
    fail-on = "warning"                  # error (default) | warning | info | never
    baseline = ".shuyu-baseline.json"
    format = "github"                    # default report format

``pyproject.toml`` uses the table ``[tool.shuyu.check]`` with the same keys.
:func:`load_config` looks in the start folder and its parents (up to the
folder holding ``.git``); the first ``shuyu.toml``, or ``pyproject.toml``
with that table, wins.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .checks import CHECKS
from .reports import RENDERERS

FAIL_ON = ("error", "warning", "info", "never")
_KEYS = {"glossary", "enable", "disable", "fail-on", "baseline", "format", "min-confidence"}


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Settings of a check run; paths are already resolved against the config file."""

    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    fail_on: str = "error"
    glossary: str | None = None
    baseline: str | None = None
    format: str | None = None
    min_confidence: float = 0.5
    path: str | None = None


def _toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _read(path: Path) -> dict:
    tomllib = _toml()
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InputError("config file not found", where=path, hint="check the path") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML: {exc}", where=path, hint="fix the syntax") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read config: {exc}", where=path) from None


def _section(doc: dict, path: Path) -> dict | None:
    tool = doc.get("tool", {}).get("shuyu", {}).get("check") if isinstance(doc.get("tool"), dict) else None
    if path.name != "pyproject.toml" and tool is None:
        tool = doc.get("check")
    if tool is not None and not isinstance(tool, dict):
        raise InputError("the check settings must be a table", where=path, hint="[tool.shuyu.check] or [check]")
    return tool


def _find(start: Path) -> tuple[Path, dict] | None:
    start = start.resolve()
    for folder in (start, *start.parents):
        own = folder / "shuyu.toml"
        if own.is_file():
            return own, _section(_read(own), own) or {}
        proj = folder / "pyproject.toml"
        if proj.is_file():
            sec = _section(_read(proj), proj)
            if sec is not None:
                return proj, sec
        if (folder / ".git").exists():
            break
    return None


def _strings(value, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{key} must be a list of check ids, not {value!r}", where=path,
                         hint=f'e.g. {key} = ["term-missing"]')
    return tuple(value)


def load_config(start_dir: str | os.PathLike = ".", path: str | os.PathLike | None = None) -> CheckConfig:
    """Settings from ``path`` or from the nearest ``shuyu.toml``/``pyproject.toml`` above ``start_dir``.

    No file found: the defaults.  Unknown keys and bad values raise
    :class:`InputError` naming the file, the key and the value.
    """
    if path is not None:
        p = Path(path)
        found = (p, _section(_read(p), p) or {})
    else:
        found = _find(Path(start_dir))
    if found is None:
        return CheckConfig()
    p, sec = found
    unknown = sorted(set(sec) - _KEYS - {k.replace("-", "_") for k in _KEYS})
    if unknown:
        raise InputError(f"unknown check setting {unknown[0]!r}", where=p, hint="known: " + ", ".join(sorted(_KEYS)))
    get = lambda k: sec.get(k, sec.get(k.replace("-", "_")))  # noqa: E731
    enable, disable = _strings(get("enable") or [], "enable", p), _strings(get("disable") or [], "disable", p)
    for cid in enable + disable:
        if cid not in CHECKS:
            raise InputError(f"unknown check {cid!r}", where=p, hint="known checks: " + ", ".join(CHECKS))
    fail_on = get("fail-on") or "error"
    if fail_on not in FAIL_ON:
        raise InputError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}", where=p)
    base = p.parent

    def rel(key):
        v = get(key)
        if v is None:
            return None
        if not isinstance(v, str) or not v:
            raise InputError(f"{key} must be a file path, not {v!r}", where=p)
        return str(base / v) if not os.path.isabs(v) else v

    fmt = get("format")
    if fmt is not None:
        if fmt not in RENDERERS:
            raise InputError(f"unknown report format {fmt!r}", where=p, hint="use one of: " + ", ".join(RENDERERS))
    conf = get("min-confidence")
    if conf is None:
        conf = 0.5
    if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
        raise InputError(f"min-confidence must be a number from 0 to 1, not {conf!r}", where=p)
    return CheckConfig(enable, disable, fail_on, rel("glossary"), rel("baseline"), fmt, float(conf), str(p))
