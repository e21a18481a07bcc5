"""Property tests for the identifier normalizers: valid inputs come from the seed generators, mistakes from
hypothesis. Each normalizer returns the canonical form or raises a ValidationError."""

import random
import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from dealercrm.core.validators import (
    PLATE_PROVINCES,
    normalize_mobile,
    normalize_plate,
    normalize_resident_id,
    normalize_vin,
)
from dealercrm.seed.generators import VIN_CHARS, random_mobile, random_plate, random_vin, resident_id

rngs = st.integers(min_value=0, max_value=2**32).map(random.Random)
provinces = st.sampled_from(PLATE_PROVINCES)
city_letters = st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ")
SEPARATORS = [" ", "  ", "-", "·", ".", "\u3000", "\t", "_"]


def full_width(char: str) -> str:
    """The full-width form of an ASCII letter or digit (what a Chinese IME types)."""
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


@st.composite
def plates(draw) -> str:
    return random_plate(draw(rngs), province=draw(provinces), city_letter=draw(city_letters))


@st.composite
def typed_variants(draw, value: str) -> str:
    """The same value as a person might type it: any case, full-width or not, separators anywhere."""
    out = []
    for char in value:
        if draw(st.booleans()):
            char = char.lower()
        if draw(st.booleans()):
            char = full_width(char)
        out.append(char)
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(SEPARATORS)))
    prefix = draw(st.sampled_from(["", " ", "\u3000"]))
    return prefix + "".join(out)


def refused(normalize, value: str) -> bool:
    try:
        normalize(value)
    except ValidationError:
        return True
    return False


# --- plates -------------------------------------------------------------------------------------------------


@given(plates())
def test_it_keeps_a_valid_plate_and_is_idempotent(plate):
    assert normalize_plate(plate) == plate
    assert normalize_plate(normalize_plate(plate)) == plate


@given(plates().flatmap(lambda plate: st.tuples(st.just(plate), typed_variants(plate))))
def test_it_accepts_any_spacing_case_or_full_width_variant_of_a_plate(pair):
    plate, typed = pair
    assert normalize_plate(typed) == plate


@pytest.mark.parametrize(
    "plate", ["粤BD12345", "粤B12345D", "粤BF12345", "粤BDA1234", "京AD00012", "沪A12345F"]
)
def test_it_accepts_new_energy_plates(plate):
    assert normalize_plate(plate) == plate


@pytest.mark.parametrize(
    "plate", ["粤BI12345", "粤BA12345", "粤B1234", "B12345", "粤B123456789", "港B12345", "粤IB1234", ""]
)
def test_it_refuses_malformed_plates(plate):
    assert refused(normalize_plate, plate)


def test_it_reads_a_typed_letter_o_in_a_plate_as_zero():
    assert normalize_plate("粤b 1o345") == "粤B10345"


# --- mobiles ------------------------------------------------------------------------------------------------


@st.composite
def mobile_variants(draw, mobile: str) -> str:
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "86", "0086 ", "+86-"]))
    groups = [mobile[:3], mobile[3:7], mobile[7:]]
    sep = draw(st.sampled_from(["", " ", "-", "  "]))
    text = prefix + sep.join(groups)
    return "".join(full_width(c) for c in text) if draw(st.booleans()) else text


@given(rngs.map(random_mobile).flatmap(lambda m: st.tuples(st.just(m), mobile_variants(m))))
def test_it_accepts_a_mobile_written_with_country_code_spaces_and_dashes(pair):
    mobile, typed = pair
    assert normalize_mobile(typed) == mobile
    assert normalize_mobile(mobile) == mobile


def test_it_accepts_the_plus_86_form():
    assert normalize_mobile("+86 138-1234-5678") == "13812345678"


@given(rngs.map(random_mobile), st.integers(0, 10), st.sampled_from("0123456789"))
def test_it_refuses_a_mobile_with_a_digit_missing_or_extra(mobile, position, digit):
    assert len(mobile) == 11
    assert refused(normalize_mobile, mobile[:position] + mobile[position + 1 :])  # 10 digits
    extra = mobile[: position + 1] + digit + mobile[position + 1 :]  # 12 digits, never a leading 0
    assert refused(normalize_mobile, extra)


def test_it_reads_a_trunk_prefixed_mobile_as_the_mobile():
    # "0" before a mobile is how it is dialled from another city's landline; DMS exports keep it.
    assert normalize_mobile("013812345678") == "13812345678"


def test_it_refuses_landlines_and_foreign_numbers_as_mobiles():
    for value in ["075512345678", "02164381234", "+1 415 555 0100", "1381234567x", "", "10012345678"]:
        assert refused(normalize_mobile, value), value


# --- VINs ---------------------------------------------------------------------------------------------------


@given(rngs.map(random_vin))
def test_it_keeps_a_valid_vin(vin):
    assert normalize_vin(vin) == vin
    assert normalize_vin(" ".join([vin[:3], vin[3:9].lower(), vin[9:]])) == vin


@given(rngs.map(random_vin), st.sampled_from(VIN_CHARS))
def test_it_refuses_any_other_check_digit(vin, char):
    assume(char != vin[8])
    assert refused(normalize_vin, vin[:8] + char + vin[9:])


@given(rngs.map(random_vin), st.integers(0, 16), st.sampled_from("IOQ"))
def test_it_refuses_letters_a_vin_never_uses(vin, position, letter):
    assert refused(normalize_vin, vin[:position] + letter + vin[position + 1 :])


@given(rngs.map(random_vin), st.integers(1, 16))
def test_it_refuses_a_vin_of_the_wrong_length(vin, length):
    assert refused(normalize_vin, vin[:length])
    assert refused(normalize_vin, vin + vin[:length])


# --- resident ID numbers ------------------------------------------------------------------------------------

# Regions that existed for every birth year drawn (stdnum checks the region against the birth year).
regions = st.sampled_from(["110101", "110102", "310101", "310104", "440300"])
birthdays = st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31))


@st.composite
def resident_ids(draw) -> str:
    return resident_id(draw(rngs), draw(birthdays), draw(st.booleans()), region=draw(regions))


@given(resident_ids())
def test_it_accepts_a_resident_id_with_its_check_character(number):
    assert normalize_resident_id(number) == number
    assert normalize_resident_id(number.lower()) == number  # a typed lower-case x
    assert normalize_resident_id(" ".join([number[:6], number[6:14], number[14:]])) == number


@given(resident_ids(), st.sampled_from("0123456789X"))
def test_it_refuses_a_resident_id_with_another_check_character(number, char):
    assume(char != number[-1])
    assert refused(normalize_resident_id, number[:-1] + char)


@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_it_refuses_a_resident_id_with_one_digit_changed(number, position, shift):
    digit = str((int(number[position]) + shift) % 10)
    assert refused(normalize_resident_id, number[:position] + digit + number[position + 1 :])


def test_it_refuses_a_region_that_did_not_exist_at_birth():
    # Shenzhen's Nanshan district (440305) dates from 1983.
    assert normalize_resident_id(resident_id(random.Random(1), date(1990, 1, 1), True, region="440305"))
    assert refused(
        normalize_resident_id, resident_id(random.Random(1), date(1980, 1, 1), True, region="440305")
    )


def test_it_refuses_short_resident_ids():
    assert refused(normalize_resident_id, "44030519900101123")


def test_full_width_helper_matches_nfkc():
    assert unicodedata.normalize("NFKC", "".join(full_width(c) for c in "Ab9")) == "Ab9"
