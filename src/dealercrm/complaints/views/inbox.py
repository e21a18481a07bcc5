"""My notifications: what the complaints flow told me (urgent complaints, assignments, escalations)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealercrm.complaints import selectors, services
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm

PAGE_SIZE = 25


@requires(Perm.VIEW_COMPLAINTS)
def notification_list(request):
    actor = request.actor
    unread_only = request.GET.get("unread") == "1"
    rows = selectors.notifications_for(actor, unread_only=unread_only)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    notifications = list(page_obj.object_list)
    selectors.with_time_left([n.complaint for n in notifications])
    context = {
        "page_obj": page_obj,
        "notifications": notifications,
        "unread_only": unread_only,
        "unread": selectors.unread_count(actor),
    }
    return render(request, "complaints/notifications.html", context)


@requires(Perm.VIEW_COMPLAINTS)
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read and open its complaint."""
    notification = selectors.notification_get(request.actor, pk)
    services.notification_mark_read(actor=request.actor, notification=notification)
    return redirect("complaints:detail", notification.complaint_id)


@requires(Perm.VIEW_COMPLAINTS)
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(actor=request.actor)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("complaints:notifications")
