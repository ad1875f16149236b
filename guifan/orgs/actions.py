"""Every change to an organisation or host unit is one function here: validated, atomic, logged."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.models import ChangeLog
from guifan.core.tree import path_keys

from . import rollups
from .models import HostUnit, Organisation

REQUIRED = ("code", "name", "kind", "host_unit")


def clean_organisation_data(data: dict, *, instance: Organisation | None = None) -> dict:
    errors = {}
    for field in REQUIRED:
        if data.get(field) in (None, ""):
            errors[field] = _("This field is required.")
    code = data.get("code")
    if code:
        clash = Organisation.objects.filter(code=code)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["code"] = _("An organisation with this code already exists.")
    kind, parent = data.get("kind"), data.get("parent")
    if kind and kind not in Organisation.Kind.values:
        errors["kind"] = _("Unknown organisation kind.")
    if parent is not None:
        if parent.kind == Organisation.Kind.GROUP:
            errors["parent"] = _("A party group cannot have organisations under it.")
        elif kind == Organisation.Kind.GROUP and parent.kind != Organisation.Kind.BRANCH:
            errors["parent"] = _("A party group belongs to a branch.")
        if instance is not None and instance.pk and parent.path.startswith(instance.path):
            errors["parent"] = _("An organisation cannot be placed under itself.")
    elif kind == Organisation.Kind.GROUP:
        errors["parent"] = _("A party group belongs to a branch.")
    start, end = data.get("term_start"), data.get("term_end")
    if start and end and end <= start:
        errors["term_end"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    return data


_FIELDS = ("code", "name", "kind", "parent", "host_unit", "setup", "is_regional", "founded_on", "term_start",
           "term_end", "secretary", "dissolved_on")


def _apply(org: Organisation, data: dict) -> None:
    for field in _FIELDS:
        if field in data:
            setattr(org, field, data[field])
    host: HostUnit = org.host_unit
    org.region_id = host.region_id
    org.domain = data.get("domain") or host.domain


@transaction.atomic
def create_organisation(data: dict, *, user=None, source: str = "web") -> Organisation:
    org = Organisation()
    _apply(org, clean_organisation_data(dict(data)))
    org.save()
    audit.record(org, ChangeLog.Action.CREATE, user, source=source)
    rollups.refresh([org.pk])
    return org


@transaction.atomic
def set_covered_units(org: Organisation, units, *, user=None, source: str = "web") -> ChangeLog | None:
    """Sets the host units a joint organisation covers (联合党组织); the change log keeps the unit codes before and
    after. None when nothing changed."""
    before = sorted(org.covered_units.values_list("code", flat=True))
    org.covered_units.set(units)
    after = sorted(org.covered_units.values_list("code", flat=True))
    if before == after:
        return None
    log = audit.entry(org, ChangeLog.Action.UPDATE, user, {"covered_units": before}, {"covered_units": after}, source)
    log.save()
    return log


@transaction.atomic
def update_organisation(org: Organisation, data: dict, *, user=None, source: str = "web") -> Organisation:
    merged = {f: getattr(org, f) for f in _FIELDS} | dict(data)
    cleaned = clean_organisation_data(merged, instance=org)
    before = audit.snapshot(org)
    old_path, old_region = org.path, org.region_id
    _apply(org, cleaned)
    org.save()
    audit.record(org, ChangeLog.Action.UPDATE, user, before=before, source=source)
    # moved, dissolved, new host unit or term: the roll-ups of its old and new ancestors and regions
    rollups.refresh([org.pk], also=[int(k) for k in path_keys(old_path)], old_regions=[old_region])
    return org
