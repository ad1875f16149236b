"""The Excel page is one page with a section per domain; a domain above the spreadsheet library adds its section
here (from its AppConfig.ready) instead of the library importing it."""

from collections.abc import Callable

from django.utils.module_loading import import_string

_providers: list[Callable | str] = []


def add_section(provider: Callable | str) -> None:
    """`provider(request)` returns the section's context (with its "template") or None when the user has none. A
    dotted path is imported on the Excel page's first request, not when every command starts."""
    if provider not in _providers:
        _providers.append(provider)


def sections(request) -> list[dict]:
    _providers[:] = [import_string(p) if isinstance(p, str) else p for p in _providers]
    return [s for s in (provider(request) for provider in _providers) if s is not None]
