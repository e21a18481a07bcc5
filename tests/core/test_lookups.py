"""What the search box thinks a query is: pure rules, no database."""

import random

from hypothesis import given
from hypothesis import strategies as st

from dealercrm.core.lookups import classify
from dealercrm.seed.generators import random_mobile, random_plate, random_vin


def kinds(query):
    return [lookup.kind for lookup in classify(query)]


def test_it_reads_a_full_mobile_in_any_format():
    assert classify("+86 138-1234-5678")[0].value == "13812345678"
    assert "mobile" in kinds("138 1234 5678")


def test_it_reads_four_digits_as_the_end_of_a_mobile():
    assert kinds("5678") == ["mobile_tail"]


def test_it_reads_a_plate_whatever_the_case_and_spacing():
    lookups = classify(" 粤b·12345 ")
    assert ("plate", "粤B12345") in [(x.kind, x.value) for x in lookups]


def test_it_reads_a_new_energy_plate():
    assert ("plate", "粤BD12345") in [(x.kind, x.value) for x in classify("粤bd12345")]


def test_it_reads_a_vin_and_its_last_six():
    assert kinds("lsvau218xn2183294") == ["vin"]
    assert "vin_tail" in kinds("183294")


def test_it_reads_chinese_characters_as_a_name_and_letters_as_pinyin():
    assert kinds("张三") == ["name"]
    assert kinds("ZS") == ["pinyin"]
    assert classify("ZhangSan")[0].value == "zhangsan"


def test_it_ignores_empty_and_meaningless_input():
    assert classify("   ") == []
    assert classify("!!??") == []


@given(st.integers(min_value=0, max_value=10_000))
def test_it_always_finds_generated_identifiers(n):
    rng = random.Random(n)
    mobile, plate, vin = random_mobile(rng), random_plate(rng), random_vin(rng)
    assert ("mobile", mobile) in [(x.kind, x.value) for x in classify(mobile)]
    assert ("plate", plate) in [(x.kind, x.value) for x in classify(plate.lower())]
    assert ("vin", vin) in [(x.kind, x.value) for x in classify(vin.lower())]


@given(st.text(max_size=60))
def test_it_never_crashes_on_any_text(text):
    for lookup in classify(text):
        assert lookup.value
