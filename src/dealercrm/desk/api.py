"""Search over the API, and the floor the benchmark measures it against."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from dealercrm.desk import selectors
from dealercrm.org.permissions import ActorPermission
from dealercrm.org.roles import Perm


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="customer.id")
    name = serializers.CharField(source="customer.name")
    customer_class = serializers.CharField(source="customer.customer_class")
    dealer = serializers.IntegerField(source="customer.dealer_id")
    matched = serializers.CharField()
    contact = serializers.CharField(source="customer.contact")
    plates = serializers.ListField(child=serializers.CharField())


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = SearchHitSerializer(many=True)


class SearchView(APIView):
    """Find customers by mobile (full or last 4), plate, VIN (full or last 6), name, pinyin or initials."""

    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CUSTOMERS
    action = "search"  # tells drf-spectacular this GET answers one object, not a list

    @extend_schema(parameters=[OpenApiParameter("q", str, required=True)], responses=SearchResultsSerializer)
    def get(self, request):
        query = request.query_params.get("q", "").strip()
        hits = selectors.search(request.actor, query) if query else []
        return Response({"query": query, "results": SearchHitSerializer(hits, many=True).data})


class PingView(APIView):
    """An authenticated no-op: the cost of a request without any work (the benchmark's floor)."""

    permission_classes = [ActorPermission]
    read_perm = Perm.VIEW_CUSTOMERS
    action = "ping"  # one object, not a list (see SearchView)

    @extend_schema(responses=inline_serializer("Ping", {"ok": serializers.BooleanField()}))
    def get(self, request):
        return Response({"ok": True})
