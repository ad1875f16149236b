"""Progress bars (tqdm) for the long steps of `make demo`: counts and elapsed time on stderr, shown only when
stderr is a terminal (or GUIFAN_PROGRESS=1), so tests, pipes and logs stay quiet. GUIFAN_PROGRESS=0 hides them."""

from __future__ import annotations

import os
import sys


def shown() -> bool:
    wanted = os.environ.get("GUIFAN_PROGRESS", "")
    if wanted in ("0", "1"):
        return wanted == "1"
    return sys.stderr.isatty()


class Quiet:
    """What the code calls on a bar, doing nothing: the bar when none is shown."""

    def __init__(self, iterable=None):
        self.iterable = iterable

    def __iter__(self):
        return iter(self.iterable if self.iterable is not None else ())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def update(self, n: int = 1) -> None:
        pass

    def set_description_str(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def bar(iterable=None, *, total: int | None = None, desc: str = "", unit: str = ""):
    """A bar over `iterable` (or updated by hand up to `total`): 'desc  42%|████    | 420/1000 [00:03<00:04]'."""
    if not shown():
        return Quiet(iterable)
    try:
        from tqdm import tqdm  # only where a bar is drawn: a runtime dependency the tests never need
    except ImportError:  # an environment installed before tqdm was a dependency: `make demo` reinstalls it
        return Quiet(iterable)

    return tqdm(iterable, total=total, desc=desc, unit=unit or "it", file=sys.stderr, dynamic_ncols=True,
                mininterval=0.3, leave=True, unit_scale=False)


def steps(names: list[str], desc: str):
    """A bar over named steps: `for name, step in steps([...], desc)`; the bar shows the step under way."""
    progress = bar(total=len(names), desc=desc)

    def run():
        with progress:
            for name in names:
                progress.set_description_str(f"{desc}：{name}")
                yield name
                progress.update(1)
            progress.set_description_str(desc)

    return run()
