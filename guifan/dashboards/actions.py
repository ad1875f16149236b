"""The dashboards' one write: a region's boundary file (GeoJSON) uploaded with its 审图号. It is checked in full
before anything is written (valid JSON, a FeatureCollection, every feature naming a region code, every child
region present) and refused in Chinese with the codes that are missing; the upload replaces the region's previous
file in one transaction and is logged (the log keeps the file's size and checksum, not its text).
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guifan.core import audit
from guifan.core.models import ChangeLog

from .models import BoundaryFile

MAX_BYTES = 5 * 1024 * 1024
CODE_PROPERTIES = ("code", "adcode", "region_code")  # the properties a feature may name its region code by


def _features(data) -> list:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection (its “type” must be "
                                "“FeatureCollection” with a list of “features”)."))
    if not data["features"]:
        raise ValidationError(_("The file has no features."))
    return data["features"]


def _code_property(features: list) -> str:
    first = features[0].get("properties") if isinstance(features[0], dict) else None
    for name in CODE_PROPERTIES:
        if isinstance(first, dict) and name in first:
            return name
    raise ValidationError(_("The features do not name their region code: each feature needs a property "
                            "“code” (or “adcode”) holding the division code, e.g. 450321."))


def check_boundaries(raw: bytes, region, children: list) -> tuple[dict, str]:
    """The parsed FeatureCollection and the property naming codes, or a ValidationError saying what is wrong."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(_("The file is not GeoJSON: it cannot be read as JSON text.")) from None
    features = _features(data)
    prop = _code_property(features)
    found = set()
    for feature in features:
        if not isinstance(feature, dict) or feature.get("type") != "Feature" or not isinstance(
                feature.get("geometry"), dict):
            raise ValidationError(_("Every item of “features” must be a Feature with a geometry."))
        code = (feature.get("properties") or {}).get(prop)
        if code is None:
            raise ValidationError(_("A feature has no region code in its property “%(p)s”.") % {"p": prop})
        found.add(str(code))
    wanted = {c.code: c.name for c in children}
    missing = [f"{name} {code}" for code, name in sorted(wanted.items()) if code not in found]
    if missing:
        raise ValidationError(
            _("The file does not match the divisions of %(region)s: %(n)s are missing: %(codes)s.")
            % {"region": region.name, "n": len(missing), "codes": "、".join(missing)})
    unknown = sorted(found - set(wanted))
    if unknown:
        raise ValidationError(
            _("The file names region codes that are not divisions of %(region)s: %(codes)s.")
            % {"region": region.name, "codes": "、".join(unknown)})
    return data, prop


def _summary(boundary: BoundaryFile) -> dict:
    return {"region_id": boundary.region_id, "name": boundary.name, "approval_number": boundary.approval_number,
            "code_property": boundary.code_property, "bytes": len(boundary.geojson.encode()),
            "sha256": hashlib.sha256(boundary.geojson.encode()).hexdigest()}


def upload_boundaries(region, upload, approval_number: str, user, children: list) -> BoundaryFile:
    """Store `upload` (a file with .name and .read()) as the map of `region`'s children, replacing any earlier."""
    approval_number = (approval_number or "").strip()
    if not approval_number:
        raise ValidationError(_("Give the map's approval number (审图号): the Regulations on the Administration "
                                "of Maps require a published map to show it."))
    data, prop = check_boundaries(upload.read(), region, children)
    with transaction.atomic():
        boundary = BoundaryFile.objects.select_for_update().filter(region=region).first()
        before = _summary(boundary) if boundary else None
        boundary = boundary or BoundaryFile(region=region)
        boundary.name = (upload.name or "")[:200]
        boundary.geojson = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        boundary.code_property = prop
        boundary.approval_number = approval_number[:100]
        boundary.uploaded_by = user if getattr(user, "is_authenticated", False) else None
        boundary.uploaded_at = timezone.now()
        boundary.save()
        action = ChangeLog.Action.UPDATE if before else ChangeLog.Action.CREATE
        audit.entry(boundary, action, user, before=before, after=_summary(boundary), related=region).save()
    return boundary


def remove_boundaries(boundary: BoundaryFile, user) -> None:
    with transaction.atomic():
        audit.entry(boundary, ChangeLog.Action.DELETE, user, before=_summary(boundary),
                    related=boundary.region).save()
        boundary.delete()
