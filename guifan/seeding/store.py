"""Writing the sample register: bulk inserts in batches with the primary keys chosen in memory, then sequences."""

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from guifan.accounts.models import Role
from guifan.core import bulk
from guifan.documents.models import Document
from guifan.dues.models import DuesAssessment, DuesPayment, DuesReturn
from guifan.members.models import Member, Post
from guifan.modelsites.models import Nomination
from guifan.orgs.models import HostUnit, Organisation
from guifan.points.models import PointEntry, PointTotal
from guifan.recruitment.models import Applicant, StepRecord

from . import activities
from . import centres as centre_sample
from . import venues as venue_sample
from .progress import bar

BATCH = 2000
REGISTER_MODELS = (HostUnit, Organisation, Organisation.covered_units.through, Member)


def register_is_empty() -> bool:
    return not Organisation.objects.exists() and not Member.objects.exists() and not HostUnit.objects.exists()


def flush() -> dict:
    """Deletes the register (members, organisations, host units) and what points into it, in a few statements.

    Roles scoped to an organisation or member go; rows of other apps that point into the register follow their
    on_delete (CASCADE: deleted, SET_NULL: cleared); anything protected stops the flush.
    """
    counts = {"roles": Role.objects.filter(Q(organisation__isnull=False) | Q(member__isnull=False)).delete()[0]}
    counts.update({k: v for k, v in activities.clear().items() if v})  # the sample's meetings and training
    venue_sample.clear()  # the venues and their ratings (photos without a signal per row)
    centre_sample.clear()  # the service centres (a community's names its organisation) and platform ratings
    _clear_programme_records()
    for model in (PointTotal, PointEntry,  # the points earned from them (an immutable ledger: no model delete)
                  DuesPayment, DuesReturn, DuesAssessment,  # the party dues of the members and organisations
                  StepRecord.people.through, StepRecord, Applicant,  # the recruitment files
                  Post):  # the posts (branch committees) of the members
        counts[model._meta.label_lower] = model.objects.count()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    for model in (Member, Organisation, HostUnit):
        _clear_dependents(model)
    Organisation.objects.update(secretary=None, parent=None)
    HostUnit.objects.update(parent=None)
    for model in REGISTER_MODELS[::-1]:
        counts[model._meta.label_lower] = model.objects.count()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    return counts


def _clear_programme_records() -> None:
    """The model-site nominations and the documents sent to organisations: they keep an organisation from being
    deleted (PROTECT), which a flush of the sample register means to do."""
    Nomination.objects.all().delete()
    Document.objects.filter(Q(organisation__isnull=False) | Q(recipients__organisation__isnull=False)).delete()


def _clear_dependents(model) -> None:
    for rel in model._meta.related_objects:
        other = rel.related_model
        if other in REGISTER_MODELS or rel.many_to_many:
            continue
        rows = other._base_manager.filter(**{f"{rel.field.name}__isnull": False})
        if rel.on_delete is models.CASCADE:
            rows.delete()
        elif rel.on_delete is models.SET_NULL:
            rows.update(**{rel.field.name: None})
        elif rows.exists():
            raise ProtectedError(
                _("%(model)s rows point into the register; delete them before flushing it.")
                % {"model": other._meta.verbose_name_plural}, set())


def write(reg) -> None:
    """Inserts everything; secretaries after the members they point to, then resets the id sequences."""
    progress = bar(total=len(reg.units) + len(reg.orgs) + len(reg.members), desc=_("Writing the register"),
                   unit=pgettext("progress bar unit", "rows"))
    with progress:
        _write(reg, progress)


def _write(reg, progress) -> None:
    HostUnit.objects.bulk_create(reg.units, batch_size=BATCH)
    progress.update(len(reg.units))
    secretaries = {org.pk: org.secretary_id for org in reg.orgs if org.secretary_id}
    for org in reg.orgs:
        org.secretary_id = None
    Organisation.objects.bulk_create(reg.orgs, batch_size=BATCH)
    progress.update(len(reg.orgs))
    through = Organisation.covered_units.through
    through.objects.bulk_create(
        [through(organisation_id=o, hostunit_id=u) for o, u in reg.covered], batch_size=BATCH
    )
    for start in range(0, len(reg.members), BATCH * 10):
        insert_rows(Member, reg.members[start:start + BATCH * 10])
        progress.update(len(reg.members[start:start + BATCH * 10]))
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Organisation._meta.db_table)
        cursor.executemany(f"UPDATE {table} SET secretary_id = %s WHERE id = %s",
                           [(member, org) for org, member in secretaries.items()])
    for org in reg.orgs:
        org.secretary_id = secretaries.get(org.pk)
    Post.objects.bulk_create(reg.posts, batch_size=BATCH)
    reset_sequences()


def insert_rows(model, objs: list, batch: int = BATCH) -> None:
    """What bulk_create does for objects whose primary keys are set (guifan.core.bulk: COPY on PostgreSQL), for
    250,000 members 2.5-3 times faster than bulk_create, which on SQLite spends most of its time composing 58-row
    statements (999-parameter limit)."""
    fields = model._meta.concrete_fields
    rows = [[f.pre_save(obj, True) for f in fields] for obj in objs]
    bulk.insert(model, [f.name for f in fields], rows, batch)


def reset_sequences() -> None:
    """After explicit primary keys, the next automatic ones must follow them (PostgreSQL keeps a sequence)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(REGISTER_MODELS))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
