"""Normalizers and validators for the identifiers a dealership lives by.

Checksums come from kept libraries (python-stdnum, phonenumbers, vininfo); we only normalize around them.
Each normalizer returns the canonical form or raises ValidationError with a translated message.
"""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError
from vininfo import Vin

# Province / authority abbreviations that open a Chinese plate (使 and 领 plates are out of scope).
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_RE = re.compile(
    rf"^[{PLATE_PROVINCES}][A-HJ-NP-Z]"  # province + issuing authority letter (no I / O)
    r"(?:[A-HJ-NP-Z0-9]{5}|[DFA-HJ-NP-Z0-9][A-HJ-NP-Z0-9]{5})"  # 7-char classic or 8-char new-energy
    r"[挂学警港澳]?$"
)
_NEW_ENERGY_RE = re.compile(rf"^[{PLATE_PROVINCES}][A-HJ-NP-Z](?:[DF][A-HJ-NP-Z0-9]\d{{4}}|\d{{5}}[DF])$")
_SPACES = re.compile(r"[\s\-·.・_]+")


def _fold(value: str) -> str:
    """Full-width to half-width, no spaces or separators, upper case: what an agent meant to type."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def normalize_mobile(value: str) -> str:
    """A mainland mobile number as its 11 digits (accepts +86, spaces and dashes)."""
    raw = _fold(value)
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Enter a valid mainland China mobile number."), code="mobile") from exc
    national = str(number.national_number)
    if (
        number.country_code != 86
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number)
        not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        or len(national) != 11
    ):
        raise ValidationError(_("Enter a valid mainland China mobile number."), code="mobile")
    return national


def normalize_landline(value: str) -> str:
    """A fixed line as area code + number digits, e.g. 02164381234 (extension kept after 'x')."""
    raw = _fold(value)
    main, _sep, ext = raw.partition("X")
    try:
        number = phonenumbers.parse(main, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a valid landline number with its area code."), code="landline"
        ) from exc
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid landline number with its area code."), code="landline")
    digits = "0" + str(number.national_number)
    return f"{digits}x{ext}" if ext.isdigit() else digits


def normalize_email(value: str) -> str:
    from django.core.validators import validate_email

    email = (value or "").strip()
    validate_email(email)
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


_WECHAT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{5,19}$")


def normalize_wechat(value: str) -> str:
    wechat = (value or "").strip()
    if not _WECHAT_RE.match(wechat):
        raise ValidationError(
            _("A WeChat ID has 6-20 letters, digits, '_' or '-', and starts with a letter."), code="wechat"
        )
    return wechat


def normalize_resident_id(value: str) -> str:
    """An 18-digit resident identity card number with a valid check character (GB 11643)."""
    raw = _fold(value)
    if len(raw) != 18:
        raise ValidationError(_("A resident ID number has 18 characters."), code="id_number")
    try:
        return ric.validate(raw)
    except StdnumError as exc:
        raise ValidationError(
            _("This resident ID number is not valid: check the birth date and the last character."),
            code="id_number",
        ) from exc


_VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


def normalize_vin(value: str) -> str:
    """A 17-character VIN whose ninth character is the ISO 3779 check digit (as every Chinese VIN must)."""
    vin = _fold(value)
    if len(vin) != 17:
        raise ValidationError(_("A VIN has exactly 17 characters."), code="vin")
    if not _VIN_RE.match(vin):
        raise ValidationError(_("A VIN uses digits and capital letters except I, O and Q."), code="vin")
    if not Vin(vin).verify_checksum(check_year=False):
        raise ValidationError(
            _("This VIN's check digit (9th character) does not match: check for a typo."), code="vin"
        )
    return vin


def normalize_plate(value: str) -> str:
    """A plate as the registry writes it: 粤B12345, 粤BD12345 (new energy), upper case, no separators."""
    plate = _fold(value).replace("O", "0")  # plates never use the letter O: a typed O is a zero
    if not _PLATE_RE.match(plate):
        raise ValidationError(
            _("Enter a Chinese plate such as 粤B12345, or 粤BD12345 for a new-energy vehicle."), code="plate"
        )
    if len(plate) == 8 and plate[-1] not in "挂学警港澳" and not _NEW_ENERGY_RE.match(plate):
        raise ValidationError(
            _("An 8-character new-energy plate has D or F in the third or last place, e.g. 粤BD12345."),
            code="plate",
        )
    return plate


def vin_tail(vin: str) -> str:
    return vin[-6:]


def mobile_tail(mobile: str) -> str:
    return mobile[-4:]
