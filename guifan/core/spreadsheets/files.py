"""Files the server keeps for a while (error workbooks): in a directory only its user may enter, deleted when old."""

import os
import time
from pathlib import Path


def private_directory(path: Path) -> Path:
    """The directory, created if needed, with mode 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def delete_older_than(directory: Path, pattern: str, *, hours: float) -> int:
    """Deletes the files matching `pattern` last modified more than `hours` ago; returns how many."""
    cutoff = time.time() - hours * 3600
    deleted = 0
    for old in directory.glob(pattern):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
                deleted += 1
        except FileNotFoundError:  # deleted meanwhile by another process
            continue
    return deleted
