"""Service plans and workshop capacity through the pages (the general manager's)."""

import pytest
from django.urls import reverse

from dealercrm.service.models import ServicePlan, Workshop

pytestmark = pytest.mark.django_db

TERMS = {
    "first_service_km": "3000",
    "first_service_months": "3",
    "every_km": "7500",
    "every_months": "6",
    "warranty_years": "4",
    "warranty_km": "120000",
    "typical_km_per_day": "",
}


def test_the_plans_page_shows_the_fleet_default_and_each_model(client_for, advisor, vehicle_model, plan):
    html = client_for(advisor).get(reverse("service:plans")).content.decode()
    assert "Fleet default" in html and str(vehicle_model) in html and "5,000 km" in html
    assert reverse("service:plan-edit", args=[vehicle_model.pk]) not in html  # advisors do not edit plans


def test_a_general_manager_gives_a_model_its_own_plan(client_for, gm, vehicle_model):
    url = reverse("service:plan-edit", args=[vehicle_model.pk])
    form = client_for(gm).get(url).content.decode()
    assert 'value="5000"' in form  # starts from the fleet default's terms
    response = client_for(gm).post(url, TERMS)
    assert response.status_code == 302
    plan = ServicePlan.objects.get(model=vehicle_model)
    assert (plan.every_km, plan.warranty_years, plan.typical_km_per_day) == (7500, 4, None)


@pytest.mark.parametrize(
    ("field", "value"), [("every_km", "10"), ("first_service_months", "0"), ("warranty_km", "")]
)
def test_out_of_range_terms_are_refused(client_for, gm, field, value):
    response = client_for(gm).post(reverse("service:plan-default"), {**TERMS, field: value})
    assert response.status_code == 200 and ServicePlan.objects.get(model__isnull=True).every_km == 10000


def test_a_general_manager_sets_the_bays(client_for, gm, dealer):
    response = client_for(gm).post(reverse("service:workshop"), {"am_capacity": "3", "pm_capacity": "2"})
    assert response.status_code == 302
    assert Workshop.objects.filter(dealer=dealer, am_capacity=3, pm_capacity=2).exists()


def test_an_administrator_picks_the_dealer(client_for, admin_user, other_dealer):
    client = client_for(admin_user)
    assert client.get(reverse("service:workshop")).status_code == 404
    url = reverse("service:workshop") + "?dealer=D02"
    assert client.post(url, {"am_capacity": "9", "pm_capacity": "9"}).status_code == 302
    assert Workshop.objects.get(dealer=other_dealer).am_capacity == 9
