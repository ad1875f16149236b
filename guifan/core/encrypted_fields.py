"""Which model fields hold values encrypted by guifan.core.crypto, and the keyed hash beside each: what `guifan keys
rotate` rewrites and `guifan keys status` counts.

A field named `<name>_encrypted` is found by that name (the convention the change log already uses to leave secrets
out), with `<name>_hash` as its keyed hash when the model has one: members' `id_number_encrypted` (hash
`id_number_hash`) and `phone_encrypted`. An app whose field is named otherwise registers it in its AppConfig.ready():
`encrypted_fields.register("app.Model", "field", hash_field="...")`. A registered hash must be `keyed_hash` of the
decrypted value, as it is computed when the value is written.
"""

from collections import Counter
from dataclasses import dataclass

from django.apps import apps

from . import crypto

SUFFIX = "_encrypted"


@dataclass(frozen=True)
class EncryptedField:
    model: str  # "app_label.ModelName"
    field: str
    hash_field: str = ""

    def model_class(self):
        return apps.get_model(self.model)


_registered: list[EncryptedField] = []


def register(model: str, field: str, hash_field: str = "") -> None:
    spec = EncryptedField(model, field, hash_field)
    if spec not in _registered:
        _registered.append(spec)


def _by_convention() -> list[EncryptedField]:
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        for name in sorted(names):
            if name.endswith(SUFFIX):
                hash_name = name[: -len(SUFFIX)] + "_hash"
                found.append(EncryptedField(model._meta.label, name, hash_name if hash_name in names else ""))
    return found


def encrypted_fields() -> list[EncryptedField]:
    """Every encrypted field, registered or found by name, once."""
    seen, out = set(), []
    for spec in [*_registered, *_by_convention()]:
        if (spec.model, spec.field) not in seen:
            seen.add((spec.model, spec.field))
            out.append(spec)
    return out


def by_model() -> dict[str, list[EncryptedField]]:
    grouped: dict[str, list[EncryptedField]] = {}
    for spec in encrypted_fields():
        grouped.setdefault(spec.model, []).append(spec)
    return grouped


def key_usage(chunk: int = 5000) -> dict[tuple[str, str], Counter]:
    """{(model, field): Counter of (key id, cipher)} over the non-empty values; never decrypts."""
    usage = {}
    for spec in encrypted_fields():
        counts = Counter()
        values = spec.model_class().objects.exclude(**{spec.field: ""}).values_list(spec.field, flat=True)
        for token in values.iterator(chunk_size=chunk):
            counts[crypto.header_of(token)] += 1
        usage[(spec.model, spec.field)] = counts
    return usage
