"""The `guifan` command: Django's management commands under one name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guifan.settings")
    if sys.argv[1:3] == ["keys", "generate"]:  # before the settings: it makes the keys they need
        from guifan.core.keys_generate import main as generate

        sys.exit(generate(sys.argv[3:]))
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from guifan.core.context import changes_of
    from guifan.core.keyring import UnsafeKeys

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading the settings refuses unsafe keys
    except UnsafeKeys as refused:
        sys.stderr.write(f"{refused}\n")
        sys.exit(2)
    with changes_of():  # every change of one command run shares one id in the change log
        execute_from_command_line(["guifan", *sys.argv[1:]])


if __name__ == "__main__":
    main()
