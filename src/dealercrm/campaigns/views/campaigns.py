"""The campaigns home (list with headline results), a campaign's page (estimate, results), its form and actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.campaigns import selectors, services
from dealercrm.campaigns.choices import OPEN_CAMPAIGN, CampaignStatus
from dealercrm.campaigns.forms import CampaignForm
from dealercrm.campaigns.results import campaign_results
from dealercrm.campaigns.views.common import acting_dealer, page_of
from dealercrm.core.forms import apply_service_errors
from dealercrm.messaging.services import templates_ensure_defaults
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm


@requires(Perm.VIEW_CAMPAIGNS)
def home(request):
    status = request.GET.get("status", "")
    status = status if status in CampaignStatus.values else ""
    page_obj = page_of(request, selectors.campaign_list(request.actor, status=status))
    campaigns = list(page_obj.object_list)
    results = campaign_results(campaigns)
    for campaign in campaigns:
        campaign.results = results[campaign.pk]
    return render(
        request,
        "campaigns/home.html",
        {
            "page_obj": page_obj,
            "campaigns": campaigns,
            "status": status,
            "statuses": CampaignStatus.choices,
            "can_manage": request.actor.can(Perm.MANAGE_CAMPAIGNS) and request.actor.dealer_id,
        },
    )


def _form(request, dealer_id: int, instance=None) -> CampaignForm:
    return CampaignForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        segments=selectors.segments_for(request.actor).filter(dealer_id=dealer_id).order_by("name"),
        templates=selectors.templates_for_campaigns(dealer_id),
    )


def _fields(form: CampaignForm) -> dict:
    return {
        k: form.cleaned_data.get(k) for k in ("name", "segment", "template", "scheduled_at", "response_days")
    }


@requires(Perm.MANAGE_CAMPAIGNS)
def campaign_new(request):
    dealer = acting_dealer(request.actor)
    templates_ensure_defaults(dealer)  # messaging's defaults (campaign SMS / e-mail), created once per dealer
    form = _form(request, dealer.pk)
    if request.GET.get("segment", "").isdigit() and not form.is_bound:
        form.initial["segment"] = int(request.GET["segment"])
    if form.is_bound and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.actor, dealer=dealer, fields=_fields(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": None})


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.campaigns_for)
def campaign_edit(request, campaign):
    if campaign.status not in OPEN_CAMPAIGN:
        messages.error(
            request, _("This campaign has been launched or cancelled: it can no longer be changed.")
        )
        return redirect("campaigns:campaign", pk=campaign.pk)
    form = _form(request, campaign.dealer_id, instance=campaign)
    if form.is_bound and form.is_valid():
        try:
            services.campaign_update(actor=request.actor, campaign=campaign, fields=_fields(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@requires_object(Perm.VIEW_CAMPAIGNS, selectors.campaigns_for)
def campaign_detail(request, campaign):
    campaign = selectors.campaign_list(request.actor).get(pk=campaign.pk)
    context = {
        "campaign": campaign,
        "can_manage": request.actor.can(Perm.MANAGE_CAMPAIGNS),
        "is_open": campaign.status in OPEN_CAMPAIGN,
    }
    if campaign.launched_at is None:
        rules = campaign.segment.rules
        estimate = selectors.segment_count(request.actor, dealer_ids=[campaign.dealer_id], rules=rules)
        consented = selectors.segment_count(
            request.actor,
            dealer_ids=[campaign.dealer_id],
            rules={**rules, "consent": rules.get("consent", campaign.template.channel)},
        )
        context.update(estimate=estimate, consented=consented)
    else:
        context["results"] = campaign_results([campaign])[campaign.pk]
    return render(request, "campaigns/campaign_detail.html", context)


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.campaigns_for)
@require_POST
def campaign_launch(request, campaign):
    try:
        queued = services.campaign_launch(actor=request.actor, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d messages queued. Consent, quiet hours and the frequency cap are checked "
                                    "as each one is sent.") % {"n": queued})  # fmt: skip
    return redirect("campaigns:campaign", pk=campaign.pk)


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.campaigns_for)
@require_POST
def campaign_cancel(request, campaign):
    try:
        services.campaign_cancel(actor=request.actor, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Campaign cancelled."))
    return redirect("campaigns:campaign", pk=campaign.pk)
