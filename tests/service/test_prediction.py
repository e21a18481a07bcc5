"""The due-date rule: a robust km/day from the readings, the earlier of the date and the km rule, and the
fleet's SQL giving the same answer as the one-vehicle Python."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dealercrm.service.prediction import (
    FLEET_KM_PER_DAY,
    LastService,
    Reading,
    Terms,
    add_months,
    predict,
)

TERMS = Terms(first_km=5000, first_months=6, every_km=10000, every_months=12)
START = date(2024, 1, 15)


def series(gaps: list[int], rate: int, start_km: int = 0, start: date = START) -> list[Reading]:
    """Readings at a constant rate: each gap in days, km = rate x days."""
    rows, day, km = [Reading(1, start_km, start)], start, start_km
    for i, gap in enumerate(gaps, 2):
        day, km = day + timedelta(days=gap), km + rate * gap
        rows.append(Reading(i, km, day))
    return rows


gaps_strategy = st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=12)
rates_strategy = st.integers(min_value=0, max_value=300)


@given(gaps=gaps_strategy, rate=rates_strategy)
def test_it_reads_the_rate_of_monotone_readings(gaps, rate):
    assert predict(readings=series(gaps, rate), terms=TERMS).km_per_day == rate


@given(
    gaps=st.lists(st.integers(min_value=2, max_value=90), min_size=3, max_size=10),
    rate=rates_strategy,
    at=st.integers(min_value=0, max_value=9),
    jump=st.integers(min_value=1000, max_value=900_000),
)
def test_it_ignores_a_typo_reading(gaps, rate, at, jump):
    """A reading far too high between two good ones: the way in is too fast or the way out goes backwards."""
    rows = series(gaps, rate)
    at = at % (len(rows) - 1)
    before, after = rows[at], rows[at + 1]
    typo = Reading(99, before.km + jump, before.read_on + timedelta(days=1))
    assume(typo.km > after.km)
    found = predict(readings=[*rows, typo], terms=TERMS)
    assert found.km_per_day == rate
    assert any(i.ignored == "backwards" for i in found.intervals)


@given(gaps=gaps_strategy, later=gaps_strategy, rate=rates_strategy, new_meter=st.integers(0, 500))
def test_a_meter_replacement_keeps_the_rate_and_the_distance(gaps, later, rate, new_meter):
    old = series(gaps, rate)
    swap_on = old[-1].read_on + timedelta(days=1)
    new = series(later, rate, start_km=new_meter, start=swap_on)
    new = [Reading(100 + r.id, r.km, r.read_on, r.id == 1) for r in new]
    found = predict(readings=old + new, terms=TERMS, purchased_on=START)
    assert found.km_per_day == rate
    assert [i.ignored for i in found.intervals].count("replaced") == 1
    # the distance keeps counting on from the old meter: the swap day adds nothing
    assert found.anchor_km == old[-1].km + (new[-1].km - new_meter)


def test_fewer_than_two_readings_use_the_models_rate_then_the_fleets():
    one = [Reading(1, 1000, START)]
    model = Terms(5000, 6, 10000, 12, model_km_per_day=Decimal("55.5"), fleet_km_per_day=Decimal("30"))
    assert (predict(readings=one, terms=model).km_per_day, predict(readings=one, terms=model).rate_basis) == (
        55.5,
        "model",
    )
    fleet = Terms(5000, 6, 10000, 12, fleet_km_per_day=Decimal("30"))
    assert predict(readings=one, terms=fleet).km_per_day == 30.0
    assert predict(readings=[], terms=TERMS).km_per_day == FLEET_KM_PER_DAY


def test_two_readings_on_the_same_day_do_not_make_a_rate():
    found = predict(readings=[Reading(1, 1000, START), Reading(2, 1200, START)], terms=TERMS)
    assert found.rate_basis == "fleet" and found.intervals[0].ignored == "same_day"


def test_the_median_ignores_one_wild_interval():
    rows = [
        Reading(1, 0, START),
        Reading(2, 300, START + timedelta(10)),
        Reading(3, 600, START + timedelta(20)),
        Reading(4, 9000, START + timedelta(30)),
        Reading(5, 9300, START + timedelta(40)),
    ]
    assert predict(readings=rows, terms=TERMS).km_per_day == 30.0


# --- due dates at the boundaries ---------------------------------------------------------------------------


def test_months_end_on_the_last_day_of_a_shorter_month():
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2024, 12, 15), 12) == date(2025, 12, 15)


def test_the_date_rule_decides_for_a_car_that_is_hardly_driven():
    rows = [Reading(1, 0, START), Reading(2, 100, START + timedelta(days=10))]  # 10 km/day
    found = predict(readings=rows, terms=TERMS, purchased_on=START)
    assert found.due_on == found.date_rule_on == date(2024, 7, 15) and found.decided_by == "date"


def test_the_km_rule_decides_on_the_day_the_km_is_reached():
    rows = [Reading(1, 0, START), Reading(2, 1000, START + timedelta(days=10))]  # 100 km/day
    found = predict(readings=rows, terms=TERMS, purchased_on=START)
    # 1,000 km on day 10; 4,000 km more at 100 a day is exactly 40 days
    assert found.km_rule_on == START + timedelta(days=50) == found.due_on and found.decided_by == "km"
    rows[1] = Reading(2, 1001, START + timedelta(days=10))  # 100.1 km/day: 39.96 days rounds up to 40
    assert predict(readings=rows, terms=TERMS, purchased_on=START).due_on == START + timedelta(days=50)
    rows[1] = Reading(2, 999, START + timedelta(days=10))  # 99.9 km/day: 40.05 days rounds up to 41
    assert predict(readings=rows, terms=TERMS, purchased_on=START).due_on == START + timedelta(days=51)


def test_a_car_already_past_the_service_km_is_due_on_that_reading():
    rows = [Reading(1, 0, START), Reading(2, 5000, START + timedelta(days=20))]
    assert predict(readings=rows, terms=TERMS, purchased_on=START).due_on == START + timedelta(days=20)


def test_after_a_service_the_next_counts_from_it():
    rows = [Reading(1, 0, START), Reading(2, 4800, date(2024, 5, 1))]
    found = predict(
        readings=rows, terms=TERMS, purchased_on=START, last_service=LastService(2, 4800, date(2024, 5, 1))
    )
    assert not found.is_first_service and found.target_km == 14800
    assert found.date_rule_on == date(2025, 5, 1)


def test_without_a_plan_or_a_start_date_there_is_no_due_date():
    assert predict(readings=[Reading(1, 100, START)], terms=None).due_on is None
    assert predict(readings=[], terms=TERMS).due_on is None


def test_without_readings_a_new_car_is_assumed_at_zero_on_its_purchase_day():
    found = predict(readings=[], terms=TERMS, purchased_on=START)
    assert found.anchor_assumed and found.km_rule_on == START + timedelta(days=125)  # 5,000 / 40
    assert found.due_on == found.km_rule_on


# --- the fleet's SQL agrees with the Python -----------------------------------------------------------------


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 30_000), st.sampled_from([False] * 6 + [True])),
        max_size=8,
    ),
    purchased=st.one_of(st.none(), st.dates(date(2023, 1, 1), date(2024, 12, 31))),
    typical=st.one_of(st.none(), st.decimals(min_value=0, max_value=200, places=1)),
    served_at=st.one_of(st.none(), st.integers(0, 7)),
)
def test_the_fleet_statement_agrees_with_the_python_rule(
    rows, purchased, typical, served_at, vehicle, plan, add_readings
):
    """Random readings (typos, replacements, same-day pairs), plan rates and a last service at any reading."""
    from dealercrm.org.access import system_actor
    from dealercrm.service.due import vehicle_due_refresh
    from dealercrm.service.models import RepairOrder, VehicleDue
    from dealercrm.service.selectors import vehicle_service
    from dealercrm.vehicles.models import OdometerReading, Vehicle

    RepairOrder.objects.filter(vehicle=vehicle).delete()
    OdometerReading.objects.filter(vehicle=vehicle).delete()
    Vehicle.objects.filter(pk=vehicle.pk).update(purchased_on=purchased, first_visit_on=None)
    plan.typical_km_per_day = typical
    plan.save()
    made = add_readings(vehicle, [(START + timedelta(days=d), km, replaced) for d, km, replaced in rows])
    if served_at is not None and made:
        reading = made[served_at % len(made)]
        RepairOrder.objects.create(
            dealer=vehicle.dealer,
            vehicle=vehicle,
            customer=vehicle.current_owner,
            service_type="maintenance",
            reading=reading,
            km=reading.km,
            opened_on=reading.read_on,
            status="handed_over",
        )
    vehicle_due_refresh(vehicle_id=vehicle.pk)
    stored = VehicleDue.objects.get(vehicle=vehicle)
    expected = vehicle_service(system_actor(), vehicle.pk).prediction
    assert stored.next_service_due_on == expected.due_on
    assert stored.km_per_day == expected.km_per_day_display
