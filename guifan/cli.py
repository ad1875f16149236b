"""The `guifan` command: Django's management commands under one name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    from django.core.management import execute_from_command_line

    from guifan.core.context import changes_of

    with changes_of():  # every change of one command run shares one id in the change log
        execute_from_command_line(["guifan", *sys.argv[1:]])


if __name__ == "__main__":
    main()
