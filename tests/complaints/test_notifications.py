"""My notifications: listed, opened and marked read; nobody sees anyone else's."""

import pytest
from django.urls import reverse

from dealercrm.complaints.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def urgent(intake, gm, hq):
    return intake(severity="urgent", title="发动机故障灯亮")


def test_it_lists_my_notifications_with_the_time_left(client_for, gm, urgent):
    html = client_for(gm).get(reverse("complaints:notifications")).content.decode()
    assert "Urgent complaint received" in html and "发动机故障灯亮" in html
    assert 'id="unread-count"' in html and "left" in html


def test_opening_one_marks_it_read(client_for, gm, urgent):
    note = Notification.objects.get(recipient=gm)
    response = client_for(gm).post(reverse("complaints:notification-read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:detail", args=[urgent.pk]
    )
    note.refresh_from_db()
    assert note.read
    html = client_for(gm).get(reverse("complaints:notifications"), {"unread": "1"}).content.decode()
    assert "Nothing unread" in html


def test_nobody_opens_someone_elses(client_for, gm, hq, urgent):
    note = Notification.objects.get(recipient=gm)
    assert client_for(hq).post(reverse("complaints:notification-read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert not note.read


def test_mark_all_read_touches_only_mine(client_for, gm, hq, urgent):
    response = client_for(hq).post(reverse("complaints:notifications-read-all"))  # HQ may clear its own inbox
    assert response.status_code == 302
    assert Notification.objects.get(recipient=hq).read and not Notification.objects.get(recipient=gm).read


def test_an_empty_inbox_says_what_will_arrive(client_for, agent):
    assert (
        "No notifications yet" in client_for(agent).get(reverse("complaints:notifications")).content.decode()
    )


def test_the_inbox_takes_a_bounded_number_of_queries(
    client_for, gm, hq, intake, django_assert_max_num_queries
):
    for i in range(30):
        intake(severity="urgent", title=f"紧急{i}")
    client = client_for(gm)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("complaints:notifications")).status_code == 200
