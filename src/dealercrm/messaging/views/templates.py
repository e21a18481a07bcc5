"""Template pages: list, create, edit, preview in both languages, and the live SMS segment counter (htmx)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dealercrm.core.forms import apply_service_errors
from dealercrm.messaging import selectors, services
from dealercrm.messaging.choices import MessageChannel, MessagePurpose
from dealercrm.messaging.forms import TemplateForm
from dealercrm.messaging.rendering import SMS_SEGMENT, sms_segments, template_errors
from dealercrm.messaging.services.templates import TEMPLATE_FIELDS
from dealercrm.org.models import Dealer
from dealercrm.org.permissions import requires, requires_object
from dealercrm.org.roles import Perm

PAGE_SIZE = 50


@requires(Perm.VIEW_CAMPAIGNS)
def template_list(request):
    actor = request.actor
    if actor.dealer_id is not None:
        services.templates_ensure_defaults(Dealer.objects.get(pk=actor.dealer_id))
    channel = request.GET.get("channel", "")
    purpose = request.GET.get("purpose", "")
    rows = selectors.template_list(actor, channel=channel, purpose=purpose)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/templates.html",
        {
            "page_obj": page_obj,
            "templates": page_obj.object_list,
            "channel": channel,
            "purpose": purpose,
            "channels": MessageChannel.choices,
            "purposes": MessagePurpose.choices,
            "can_manage": actor.can(Perm.MANAGE_CAMPAIGNS) and actor.dealer_id is not None,
        },
    )


def _fields(form: TemplateForm) -> dict:
    return {k: form.cleaned_data[k] for k in TEMPLATE_FIELDS}


@requires(Perm.MANAGE_CAMPAIGNS)
def template_create(request):
    actor = request.actor
    if actor.dealer_id is None:
        raise Http404  # templates belong to a dealer: its managers write them
    dealer = get_object_or_404(Dealer, pk=actor.dealer_id)
    form = TemplateForm(request.POST if request.method == "POST" else None, initial={"is_active": True})
    if form.is_bound and form.is_valid():
        try:
            template = services.template_create(actor=actor, dealer=dealer, fields=_fields(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Template saved."))
            return redirect("messaging:template-preview", pk=template.pk)
    return render(request, "messaging/template_form.html", {"form": form, "template": None})


@requires_object(Perm.MANAGE_CAMPAIGNS, selectors.templates_for)
def template_edit(request, template):
    initial = {k: getattr(template, k) for k in TEMPLATE_FIELDS}
    form = TemplateForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.template_update(actor=request.actor, template=template, fields=_fields(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Template saved."))
            return redirect("messaging:template-preview", pk=template.pk)
    return render(request, "messaging/template_form.html", {"form": form, "template": template})


@requires_object(Perm.VIEW_CAMPAIGNS, selectors.templates_for)
def template_preview(request, template):
    raw = request.GET.get("customer", "").strip()
    customer_id = int(raw) if raw.isdigit() and len(raw) < 12 else None
    preview = selectors.template_preview(request.actor, template, customer_id)
    return render(
        request,
        "messaging/template_preview.html",
        {
            "template": template,
            "preview": preview,
            "customer_id": raw,
            "can_manage": request.actor.can(Perm.MANAGE_CAMPAIGNS),
        },
    )


@requires(Perm.VIEW_CAMPAIGNS)
def sms_counter(request):
    """htmx: the length, SMS segments and placeholder problems of the text being typed."""
    data = request.POST if request.method == "POST" else request.GET
    name = data.get("field") or request.headers.get("HX-Trigger-Name") or "body_zh"
    text = data.get(name, "") if name in ("body_zh", "body_en") else ""
    return render(
        request,
        "messaging/_sms_counter.html",
        {
            "length": len(text),
            "segments": sms_segments(text),
            "segment_size": SMS_SEGMENT,
            "problems": template_errors(text),
            "is_sms": data.get("channel", MessageChannel.SMS) == MessageChannel.SMS,
        },
    )
