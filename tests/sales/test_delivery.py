"""Delivery: the checklist first (or a logged manager override); delivering registers the car to the customer,
who becomes its owner, and records the delivery event for the 3-day and 7-day calls, exactly once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dealercrm.customers.models import Customer
from dealercrm.followups.models import TaskPurpose
from dealercrm.sales import services
from dealercrm.sales.choices import OrderStatus, Stage
from dealercrm.sales.models import Delivery
from dealercrm.vehicles.models import Ownership, Vehicle
from tests.conftest import VALID_VINS
from tests.sales.conftest import tick_all

pytestmark = pytest.mark.django_db


def test_an_incomplete_checklist_stops_the_delivery(sales, allocated_order, actor_of):
    actor = actor_of(sales)
    services.delivery_checklist_update(
        actor=actor, order=allocated_order, items={"pdi_done": True, "keys_handed": True}
    )
    with pytest.raises(ValidationError) as caught:
        services.delivery_complete(actor=actor, order=allocated_order, plate="粤B8X888")
    assert "Invoice issued" in caught.value.message_dict["checklist"][0]
    assert not Vehicle.objects.exists()


def test_a_consultant_cannot_override_the_checklist(sales, allocated_order, actor_of):
    with pytest.raises(PermissionDenied):
        services.delivery_complete(
            actor=actor_of(sales), order=allocated_order, override_reason="Customer in a hurry"
        )
    assert not Vehicle.objects.exists()


def test_a_manager_override_is_logged(gm, allocated_order, actor_of):
    delivery = services.delivery_complete(
        actor=actor_of(gm), order=allocated_order, plate="粤B8X888", override_reason="Invoice follows by mail"
    )
    assert delivery.override_by_id == gm.pk and delivery.override_reason == "Invoice follows by mail"
    entry = allocated_order.customer.timeline.get(kind="delivery_override")
    assert "Invoice issued" in entry.summary and "Invoice follows by mail" in entry.summary


def test_delivering_converts_the_prospect_into_an_owner_once(sales, allocated_order, actor_of):
    actor = actor_of(sales)
    services.delivery_checklist_update(actor=actor, order=allocated_order, items=tick_all())
    first = services.delivery_complete(actor=actor, order=allocated_order, plate="粤b 8x888")
    again = services.delivery_complete(actor=actor, order=allocated_order, plate="粤B9Y999")
    assert first.pk == again.pk
    vehicle = Vehicle.objects.get()
    assert (vehicle.vin, vehicle.plate, vehicle.purchased_on) == (
        VALID_VINS[1],
        "粤B8X888",
        first.delivered_on,
    )
    assert vehicle.current_owner_id == allocated_order.customer_id
    assert Ownership.objects.filter(vehicle=vehicle).count() == 1
    assert Customer.objects.get(pk=allocated_order.customer_id).customer_class == "owner"
    purposes = TaskPurpose.objects.filter(source=f"sales.delivery:{first.pk}", event_kind="delivery")
    assert {"3DC", "7DC"} <= set(purposes.values_list("purpose_code", flat=True))
    assert purposes.filter(purpose_code="3DC").count() == 1
    allocated_order.refresh_from_db()
    assert allocated_order.status == OrderStatus.DELIVERED
    assert allocated_order.lead.stage == Stage.DELIVERED
    assert allocated_order.customer.timeline.filter(kind="delivered").count() == 1


def test_submitting_the_delivery_form_twice_delivers_once(sales, allocated_order, actor_of, client_for):
    services.delivery_checklist_update(actor=actor_of(sales), order=allocated_order, items=tick_all())
    client = client_for(sales)
    data = {"vin": VALID_VINS[1], "plate": "粤B8X888", "delivered_on": allocated_order.signed_on.isoformat()}
    assert client.post(f"/sales/orders/{allocated_order.pk}/deliver/", data).status_code == 302
    assert client.post(f"/sales/orders/{allocated_order.pk}/deliver/", data).status_code == 302
    assert Vehicle.objects.count() == 1 and Ownership.objects.count() == 1
    assert TaskPurpose.objects.filter(event_kind="delivery", purpose_code="3DC").count() == 1


def test_a_car_is_delivered_only_once_allocated(sales, lead, place_order, actor_of):
    order = place_order(sales, lead)
    services.delivery_checklist_update(actor=actor_of(sales), order=order, items=tick_all())
    with pytest.raises(ValidationError):
        services.delivery_complete(actor=actor_of(sales), order=order)


def test_a_bad_plate_saves_nothing(sales, allocated_order, actor_of):
    services.delivery_checklist_update(actor=actor_of(sales), order=allocated_order, items=tick_all())
    with pytest.raises(ValidationError) as caught:
        services.delivery_complete(actor=actor_of(sales), order=allocated_order, plate="XYZ")
    assert "plate" in caught.value.message_dict
    assert not Vehicle.objects.exists()
    assert Delivery.objects.get(order=allocated_order).delivered_on is None


def test_the_checklist_closes_after_delivery(sales, allocated_order, actor_of):
    actor = actor_of(sales)
    services.delivery_checklist_update(actor=actor, order=allocated_order, items=tick_all())
    services.delivery_complete(actor=actor, order=allocated_order)
    with pytest.raises(ValidationError):
        services.delivery_checklist_update(actor=actor, order=allocated_order, items={"pdi_done": False})
