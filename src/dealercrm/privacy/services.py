"""Unmasking a phone or ID number is allowed for some roles, and always leaves a trace (PIPL)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dealercrm.customers.models import ContactPoint, Customer
from dealercrm.org.access import Actor
from dealercrm.org.roles import Perm
from dealercrm.privacy.models import PiiAccess


@transaction.atomic
def pii_reveal(*, actor: Actor, customer: Customer, field: str, reason: str = "") -> str:
    """The full value of `field` ("id_number" or "contact:<id>"), logged in PiiAccess."""
    actor.check_dealer(customer.dealer_id)
    actor.require(Perm.REVEAL_CONTACTS)
    if field == "id_number":
        value = customer.id_number
    elif field.startswith("contact:") and field[8:].isdigit():
        value = ContactPoint.objects.filter(customer=customer, pk=int(field[8:])).values_list(
            "value", flat=True
        )
        value = value.first()
    else:
        value = None
    if not value:
        raise ValidationError(_("Nothing to show for this field."))
    PiiAccess.objects.create(
        dealer_id=customer.dealer_id,
        user_id=actor.user_id,
        customer=customer,
        field=field,
        reason=reason[:200],
    )
    return value
