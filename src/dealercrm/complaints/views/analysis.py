"""The analysis page: where complaints come from, how fast they are resolved, what causes them."""

from django.shortcuts import render

from dealercrm.complaints.analysis import complaint_analysis, default_period, improvement_actions_due
from dealercrm.complaints.forms import AnalysisFilterForm
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm


@requires(Perm.VIEW_COMPLAINTS)
def analysis(request):
    actor = request.actor
    dealers = None
    if actor.is_group_wide:
        dealers = [(d.pk, str(d)) for d in Dealer.objects.order_by("code")]
    filters = AnalysisFilterForm(request.GET or None, dealers=dealers)
    start, end = default_period()
    dealer_id = None
    if filters.is_bound and filters.is_valid():
        start = filters.cleaned_data.get("date_from") or start
        end = filters.cleaned_data.get("date_to") or end
        dealer_id = filters.cleaned_data.get("dealer")
    result = complaint_analysis(actor, date_from=start, date_to=end, dealer_id=dealer_id)
    context = {
        "filters": filters,
        "result": result,
        "actions_due": improvement_actions_due(actor),
        "show_dealers": actor.is_group_wide and dealer_id is None,
    }
    return render(request, "complaints/analysis.html", context)
