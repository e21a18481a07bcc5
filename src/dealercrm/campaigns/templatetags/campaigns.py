from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def app_url(name: str, fallback: str) -> str:
    """{% app_url "messaging:outbox" "/messages/outbox/" %}: another app's page by name, or by its path when
    that app does not name it (yet)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value:g} %"
