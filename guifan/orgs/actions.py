"""Every change to an organisation or host unit is one function here: validated, atomic, logged."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.bulk import assign_pks
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
    if not data.get("purpose"):
        data["purpose"] = Organisation.Purpose.REGULAR
    elif data["purpose"] not in Organisation.Purpose.values:
        errors["purpose"] = _("Unknown organisation purpose.")
    start, end = data.get("term_start"), data.get("term_end")
    if start and end and end <= start:
        errors["term_end"] = _("The term must end after it starts.")
    if errors:
        raise ValidationError(errors)
    return data


_FIELDS = ("code", "name", "kind", "parent", "host_unit", "setup", "is_regional", "purpose", "founded_on",
           "term_start", "term_end", "secretary", "dissolved_on")


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


HOST_UNIT_FIELDS = ("code", "name", "kind", "region", "parent", "headcount", "is_poor_village", "is_substantive",
                    "is_window_unit", "opened_on", "closed_on")


def clean_host_unit_data(data: dict, *, instance: HostUnit | None = None) -> dict:
    errors = {}
    for field in ("code", "name", "kind", "region"):
        if data.get(field) in (None, ""):
            errors[field] = _("This field is required.")
    if data.get("kind") and data["kind"] not in HostUnit.Kind.values:
        errors["kind"] = _("Unknown unit kind.")
    if data.get("code"):
        clash = HostUnit.objects.filter(code=data["code"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["code"] = _("A unit with this code already exists.")
    parent = data.get("parent")
    if parent is not None and instance is not None and instance.pk:
        ancestor, seen = parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == instance.pk:
                errors["parent"] = _("A unit cannot be placed under itself.")
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    opened, closed = data.get("opened_on"), data.get("closed_on")
    if opened and closed and closed < opened:
        errors["closed_on"] = _("A unit cannot close before it opens.")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def create_host_unit(data: dict, *, user=None, source: str = "web") -> HostUnit:
    data = clean_host_unit_data(dict(data))
    unit = HostUnit(**{f: data[f] for f in HOST_UNIT_FIELDS if f in data})
    unit.save()
    audit.record(unit, ChangeLog.Action.CREATE, user, source=source)
    return unit


@transaction.atomic
def update_host_unit(unit: HostUnit, data: dict, *, user=None, source: str = "web") -> HostUnit:
    """Changes the given fields. A unit moved to another region takes its organisations with it (an organisation's
    region is its host unit's), each change logged."""
    merged = {f: getattr(unit, f) for f in HOST_UNIT_FIELDS} | dict(data)
    clean_host_unit_data(merged, instance=unit)
    before = audit.snapshot(unit)
    for field in HOST_UNIT_FIELDS:
        if field in data:
            setattr(unit, field, data[field])
    unit.save()
    audit.record(unit, ChangeLog.Action.UPDATE, user, before=before, source=source)
    moved = list(Organisation.objects.filter(host_unit=unit).exclude(region_id=unit.region_id))
    old_regions = {org.region_id for org in moved}
    for org in moved:
        org_before = audit.snapshot(org)
        org.region_id = unit.region_id
        org.save(update_fields=["region"])
        audit.record(org, ChangeLog.Action.UPDATE, user, before=org_before, source=source)
    if moved:
        rollups.refresh([org.pk for org in moved], old_regions=old_regions)
    return unit


def _levels_in_batch(organisations) -> list[list[Organisation]]:
    """The organisations by how many of their parents are in the batch (unsaved), so that each level is written
    after its parents have their keys."""
    depth: dict[int, int] = {}
    for org in organisations:
        chain, current = [], org
        while id(current) not in depth:
            parent = current.parent
            if parent is None or parent.pk is not None:
                depth[id(current)] = 0
                break
            chain.append(current)
            current = parent
            if len(chain) > len(organisations):
                raise ValueError("the parents of the organisations imported lead back to themselves")
        for steps, child in enumerate(reversed(chain), start=1):
            depth[id(child)] = depth[id(current)] + steps
    levels: dict[int, list] = {}
    for org in organisations:
        levels.setdefault(depth[id(org)], []).append(org)
    return [levels[d] for d in sorted(levels)]


@transaction.atomic
def organisations_import(organisations, *, units=(), user=None, source: str = "import") -> list[Organisation]:
    """Registers many organisations at once, with the new host units they name: all or nothing, in bulk, with a
    change-log record per unit and organisation. The organisations are unsaved and checked by the caller (the Excel
    sheet, orgs.sheets.check): each parent is registered or one of the batch, without loops; each host unit is
    registered or one of `units`."""
    units = list(units)
    HostUnit.objects.bulk_create(units)
    assign_pks(units, HostUnit, "code")
    written = []
    for level in _levels_in_batch(organisations):
        for org in level:
            org.region_id, org.domain = org.host_unit.region_id, org.domain or org.host_unit.domain
            org.path = "/"  # until it has its key
        Organisation.objects.bulk_create(level)
        assign_pks(level, Organisation, "code")
        for org in level:
            org.compute_path()
        written.extend(level)
    Organisation.objects.bulk_update(written, ["path", "depth"], batch_size=1000)
    logs = [audit.entry(o, ChangeLog.Action.CREATE, user, after=audit.snapshot(o), source=source)
            for o in [*units, *written]]
    ChangeLog.objects.bulk_create(logs, batch_size=1000)
    rollups.refresh([o.pk for o in written])
    return written
