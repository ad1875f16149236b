"""Finding the expansion gaps of a large scope (the city's ~14,000 organisations) as a background job (kind
`expansion_find`): started from the expansion page, the same `actions.find` as a smaller scope runs at once. The
counts it found are kept in the job's params and shown on its page's link back to the list."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import actions

KIND = "expansion_find"
# A scope of more organisations than this is searched in the background (the city; a county is answered at once).
INLINE_ORGANISATIONS = 3000


def in_background(scope) -> bool:
    return scope.organisations().count() > INLINE_ORGANISATIONS


def run(context) -> int:
    counts = actions.find(context.scope, user=context.job.user)
    type(context.job).objects.filter(pk=context.job.pk).update(params={**context.job.params, **counts})
    return counts["created"] + counts["reopened"]


def result(job):
    return _("See the expansion list"), reverse("expansion:index")


def start(user):
    from guifan.core.jobs import runner

    return runner.start(KIND, user, title=_("Expansion gaps looked for in the register"))
