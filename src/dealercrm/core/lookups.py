"""What did the agent type? Classify a search box query into the lookups worth running.

Pure functions, no database: the search box (desk) and every customer picker share these rules.
"""

import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dealercrm.core.validators import normalize_landline, normalize_mobile, normalize_plate, normalize_vin

_SEPARATORS = re.compile(r"[\s\-·.・_]+")
_HAN = re.compile(r"^[\u3400-\u9fff\u00b7]+$")
_LATIN = re.compile(r"^[a-z]+$")
_VIN_TAIL = re.compile(r"^[A-HJ-NPR-Z0-9]{6}$")


LOOKUP_LABELS = {
    "mobile": _("Mobile"),
    "mobile_tail": _("Last 4 of mobile"),
    "landline": _("Landline"),
    "plate": _("Plate"),
    "vin": _("VIN"),
    "vin_tail": _("Last 6 of VIN"),
    "name": _("Name"),
    "pinyin": _("Pinyin"),
}


@dataclass(frozen=True)
class Lookup:
    kind: str  # mobile | mobile_tail | landline | plate | vin | vin_tail | name | pinyin
    value: str


def classify(query: str) -> list[Lookup]:
    """Every lookup the query could mean, most specific first. An empty list means "nothing to search"."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", query or "")).strip()
    if not text:
        return []
    lookups: list[Lookup] = []
    upper = text.upper()
    if text.isdigit() or text.startswith("+86"):
        if len(text) == 4:
            lookups.append(Lookup("mobile_tail", text))
        for kind, normalize in (("mobile", normalize_mobile), ("landline", normalize_landline)):
            try:
                lookups.append(Lookup(kind, normalize(text)))
                break
            except ValidationError:
                pass
    for kind, normalize in (("vin", normalize_vin), ("plate", normalize_plate)):
        with suppress(ValidationError):
            lookups.append(Lookup(kind, normalize(text)))
    if _VIN_TAIL.match(upper):
        lookups.append(Lookup("vin_tail", upper))
    if _HAN.match(text):
        lookups.append(Lookup("name", text))
    elif _LATIN.match(text.lower()) and len(text) <= 40:
        lookups.append(Lookup("pinyin", text.lower()))
    return lookups
