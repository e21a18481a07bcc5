"""The sales API's gate, shared by every sales viewset.

ActorPermission lets in the whole sales desk (reads: VIEW_SALES or WORK_LEADS; writes: WORK_LEADS, MANAGE_SALES
or APPROVE_DISCOUNT), each request with the permission the caller holds; each service then checks its own
permission (403), after the scoped queryset made a record the caller may not see a 404.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from dealercrm.org.access import actor_for
from dealercrm.org.permissions import ActorPermission
from dealercrm.org.roles import Perm
from dealercrm.sales import selectors
from dealercrm.sales.access import DESK_PERMS, scope_leads
from dealercrm.sales.models import Lead

TAGS = ["sales"]
WRITE_PERMS = (Perm.WORK_LEADS, Perm.MANAGE_SALES, Perm.APPROVE_DISCOUNT)


def refuse(field: str, message: str):
    raise serializers.ValidationError({field: [message]})


class SalesAPI(viewsets.GenericViewSet):
    """The sales desk's gate: reading needs VIEW_SALES or WORK_LEADS, writing one of the sales write perms."""

    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_SALES
    write_perm = Perm.WORK_LEADS
    model = Lead
    lead_path = ""
    filterset_class = None

    def initial(self, request, *args, **kwargs):
        actor = actor_for(request.user)
        self.read_perm = next((p for p in DESK_PERMS if actor.can(p)), Perm.VIEW_SALES)
        self.write_perm = next((p for p in WRITE_PERMS if actor.can(p)), Perm.WORK_LEADS)
        super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return scope_leads(self.request.actor, self.model.objects.all(), lead=self.lead_path).order_by("-id")

    def _lead(self, pk: int, field: str = "lead") -> Lead:
        lead = (
            selectors.leads_for(self.request.actor).select_related("customer", "dealer").filter(pk=pk).first()
        )
        if lead is None:
            refuse(field, _("No such lead."))
        return lead

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _out(self, serializer_class, instance, code=status.HTTP_200_OK) -> Response:
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=code)
