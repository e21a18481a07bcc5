"""Timeline kinds: each app registers the kinds of entry it writes, with the label people read."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_KINDS: dict[str, Promise] = {}


def register_kind(kind: str, label: Promise) -> str:
    _KINDS[kind] = label
    return kind


def kind_label(kind: str) -> str:
    return str(_KINDS.get(kind, kind))


CUSTOMER_CREATED = register_kind("customer_created", _("Customer created"))
CUSTOMER_UPDATED = register_kind("customer_updated", _("Details updated"))
CONTACT_ADDED = register_kind("contact_added", _("Contact added"))
CONTACT_FLAGGED = register_kind("contact_flagged", _("Contact flagged"))
CONSENT_CHANGED = register_kind("consent_changed", _("Consent changed"))
TAGS_CHANGED = register_kind("tags_changed", _("Tags changed"))
RELATIONSHIP_ADDED = register_kind("relationship_added", _("Relationship added"))
ADDRESS_ADDED = register_kind("address_added", _("Address added"))
NOTE = register_kind("note", _("Note"))
