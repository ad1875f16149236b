"""A member's account sees only the member (issue 10 item 6): their own record, their organisation's name and
secretary there, their account's own pages; no register figures, reports, Excel or change log. Checked once, here,
for every page, rather than in each view: a page added later is closed to members until it is listed below."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

# The pages a member may open (URL names); members:detail and members:reveal only for their own record.
MEMBER_PAGES = frozenset({
    "home", "login", "logout", "password_change", "otp_setup", "otp_verify", "set_language",
    "members:detail", "members:reveal", "reporting:notices", "meetings:mine", "points:index", "points:mine",
    "points:member",
    "training:mine", "training:sit",  # their own courses, hours and credits; the exams of their classes online
    "dues:index", "dues:mine",  # their own party dues (index redirects to mine)
})
OWN_RECORD = frozenset({"members:detail", "members:reveal", "points:member"})


class MemberPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False) or request.path.startswith(("/api/", "/static/")):
            return None  # the API scopes a member's token to the member itself
        scope = request.scope
        if scope.member is None or scope.is_all or scope.region is not None or scope.organisation is not None:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name not in MEMBER_PAGES:
            raise PermissionDenied
        if name in OWN_RECORD and str(view_kwargs.get("pk")) != str(scope.member.pk):
            raise Http404  # another member's record: as if it did not exist
        return None
