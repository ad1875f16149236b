"""`guifan keys generate`: new random keys, printed or written to a key file readable by its owner only.

Runs without Django's settings (cli.py calls it before they are read), so that it works exactly when the keys are
missing or wrong. Its few messages are therefore given in Chinese and English side by side, not through gettext.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from .ciphers import DEFAULT, SUITES
from .keyring import (
    AUDIT_KEY_LABEL,
    add_audit_key,
    add_field_key,
    as_environment,
    derived,
    new_keyring,
    new_secret,
    pin_legacy_audit_key,
    write_private,
)


def add_arguments(parser) -> None:
    parser.add_argument("--file", help="write the keys to this JSON key file (mode 0600) instead of printing them")
    parser.add_argument("--format", choices=["json", "env"], default="json",
                        help="printed as a key file (json) or as environment variable lines (env)")
    parser.add_argument("--cipher", choices=sorted(SUITES), default=DEFAULT)
    parser.add_argument("--legacy-field-key", metavar="TEXT", default="",
                        help="the old GUIFAN_FIELD_KEY, kept in the new keys to read values written before key ids "
                             "until `guifan keys rotate` has rewritten them")
    parser.add_argument("--new-field-key", action="store_true",
                        help="add a new current field key to the existing --file (old keys stay, to decrypt until "
                             "`guifan keys rotate`)")
    parser.add_argument("--new-hash-key", action="store_true",
                        help="replace the hash key of the existing --file (run `guifan keys rotate` right after); "
                             "the audit chains keep their keys")
    parser.add_argument("--new-audit-key", action="store_true",
                        help="add a new current audit-chain key to the existing --file: new links use it, older ones "
                             "keep theirs (the first time, the key of links made before audit key ids is pinned)")
    parser.add_argument("--legacy-audit-key", metavar="TEXT", default="",
                        help="the old GUIFAN_AUDIT_KEY, kept to verify audit links made before audit key ids")
    parser.add_argument("--legacy-hash-key", metavar="TEXT", default="",
                        help="the hash key the existing audit links were made under (when GUIFAN_AUDIT_KEY was not "
                             "set): their key is derived from it and kept")


def generate(options: dict, out=sys.stdout, err=sys.stderr) -> int:
    path = Path(options["file"]) if options.get("file") else None
    changing = options.get("new_field_key") or options.get("new_hash_key") or options.get("new_audit_key")
    if changing:
        if path is None or not path.exists():
            err.write("--new-field-key / --new-hash-key / --new-audit-key change an existing --file / "
                      "需指定已有的密钥文件 --file\n")
            return 2
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        if path is not None and path.exists():
            err.write(f"{path} exists: not overwritten / 文件已存在，未覆盖\n")
            return 2
        data = new_keyring(options.get("cipher") or DEFAULT)
    # Before anything changes the hash key: the links made before audit key ids keep the key they were made with.
    if options.get("legacy_audit_key"):
        data["legacy_audit_key"] = options["legacy_audit_key"]
    elif options.get("legacy_hash_key"):
        data["legacy_audit_key"] = derived(options["legacy_hash_key"], AUDIT_KEY_LABEL)
    pin_legacy_audit_key(data, os.environ)
    if options.get("new_field_key"):
        key_id = add_field_key(data)
        out.write(f"new current field key / 新的当前加密密钥: {key_id}\n")
    if options.get("new_hash_key"):
        data["hash_key"] = new_secret()
        out.write("new hash key / 新的哈希密钥\n")
    if options.get("new_audit_key"):
        key_id = add_audit_key(data)
        out.write(f"new current audit key / 新的当前审计链密钥: {key_id}\n")
    if options.get("legacy_field_key"):
        data["legacy_field_key"] = options["legacy_field_key"]
    as_json = options.get("format", "json") == "json" or path  # a key file is always JSON
    text = json.dumps(data, indent=2) + "\n" if as_json else as_environment(data)
    if path is None:
        out.write(text)
        return 0
    write_private(path, text)
    out.write(f"keys written to {path} (mode 0600); set GUIFAN_KEYRING_FILE={path.resolve()} / 密钥已写入 {path}\n")
    if options.get("new_field_key") or options.get("new_hash_key"):  # a new audit key needs only the restart
        out.write("now run `guifan keys rotate` / 请运行 `guifan keys rotate`\n")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="guifan keys generate", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return generate(vars(parser.parse_args(argv)))
