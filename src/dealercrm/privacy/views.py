from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.html import escape
from django.views.decorators.http import require_POST

from dealercrm.customers.selectors import customer_get
from dealercrm.org.permissions import requires
from dealercrm.org.roles import Perm
from dealercrm.privacy.services import pii_reveal


@require_POST
@requires(Perm.REVEAL_CONTACTS)
def reveal(request, pk: int):
    """htmx: swap a masked number for the full one; the reveal is logged."""
    customer = customer_get(request.actor, pk)
    try:
        value = pii_reveal(
            actor=request.actor,
            customer=customer,
            field=request.POST.get("field", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(escape(" ".join(exc.messages)))
    return HttpResponse(f'<strong class="revealed">{escape(value)}</strong>')
