from guifan.core.api.views import ScopedReadOnlyViewSet
from guifan.members.filtersets import MemberFilterSet
from guifan.members.models import Member

from .serializers import MemberSerializer


class MemberViewSet(ScopedReadOnlyViewSet):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    scope_method = "members"
    filterset_class = MemberFilterSet
