"""The public unsubscribe page behind the signed link in every e-mail (no login)."""

from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from dealercrm.customers.models import Customer
from dealercrm.messaging import services
from dealercrm.org.permissions import public


@public
@csrf_exempt  # one-click unsubscribe (RFC 8058) posts without our cookie; the signed token is the proof
def unsubscribe(request, token: str):
    """GET shows what will happen and a button; POST withdraws the consent. Both languages on the page."""
    try:
        customer, channel = services.unsubscribe_read(token)
    except (signing.BadSignature, Customer.DoesNotExist, ValueError, TypeError, KeyError) as exc:
        raise Http404 from exc
    done = request.method == "POST"
    if done:
        services.unsubscribe_apply(customer=customer, channel=channel)
    return render(
        request,
        "messaging/unsubscribe.html",
        {"done": done, "dealer": customer.dealer, "channel": channel, "token": token},
    )
