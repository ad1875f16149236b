"""The Excel page is one page with a section per domain; a domain above the spreadsheet library adds its section
here (from its AppConfig.ready) instead of the library importing it."""

from collections.abc import Callable

_providers: list[Callable] = []


def add_section(provider: Callable) -> None:
    """`provider(request)` returns the section's context (with its "template") or None when the user has none."""
    if provider not in _providers:
        _providers.append(provider)


def sections(request) -> list[dict]:
    return [s for s in (provider(request) for provider in _providers) if s is not None]
