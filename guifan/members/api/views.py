from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from guifan.core import idcard
from guifan.core.api.views import ScopedReadOnlyViewSet
from guifan.members import selectors
from guifan.members.filtersets import MemberFilterSet
from guifan.members.models import Member

from .serializers import FindByIdNumberSerializer, MemberSerializer


class MemberViewSet(ScopedReadOnlyViewSet):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    scope_method = "members"
    audit_reads = True
    filterset_class = MemberFilterSet

    @extend_schema(request=FindByIdNumberSerializer, responses=MemberSerializer)
    # The serializer of the body, not MemberSerializer: the browsable API would render a form with every
    # organisation (an unscoped choice list) for it.
    @action(detail=False, methods=["post"], serializer_class=FindByIdNumberSerializer, filterset_class=None,
            pagination_class=None)
    def find(self, request):
        """The member with a full ID number, sent in the body (never in a URL); 404 when not in your scope."""
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            number = idcard.validate(body.validated_data["id_number"])
        except idcard.IdNumberError as exc:
            raise serializers.ValidationError({"id_number": [str(exc)]}) from exc
        member = selectors.member_by_id_number(request.scope, number)
        if member is None:
            raise Http404(_("No member with this ID number in your area."))
        return Response(MemberSerializer(member, context=self.get_serializer_context()).data)
