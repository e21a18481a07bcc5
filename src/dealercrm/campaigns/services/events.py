"""Owner club events: seats, invitations of a segment, registrations with a waiting list, attendance.

Seats are counted under a row lock on the event, so two registrations for the last seat never both get it;
cancelling a seat (or adding seats) moves the first of the waiting list up.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from dealercrm.campaigns import timeline as tl
from dealercrm.campaigns.choices import SEAT_HOLDERS, EventStatus
from dealercrm.campaigns.choices import RegistrationStatus as RS
from dealercrm.campaigns.models import ClubEvent, Registration, Segment
from dealercrm.campaigns.selectors import segment_customers
from dealercrm.customers.models import Customer
from dealercrm.customers.services import timeline_append
from dealercrm.followups.services import record_events
from dealercrm.messaging import services as messaging
from dealercrm.messaging.defaults import CLUB_EVENT as CLUB_EVENT_TEMPLATE
from dealercrm.messaging.models import MessageTemplate
from dealercrm.org.access import Actor
from dealercrm.org.models import Dealer
from dealercrm.org.roles import Perm

EVENT_REF = "campaigns.clubevent"
REGISTRATION_SOURCE = "campaigns.registration"
EVENT_FIELDS = ("title", "description", "starts_at", "place", "capacity", "status")


def _clean(fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    clean = {}
    for key, limit, required in (("title", 120, True), ("place", 200, True), ("description", 4000, False)):
        value = (fields.get(key) or "").strip()
        if required and not value:
            errors[key] = [_("This field is required.")]
        elif len(value) > limit:
            errors[key] = [_("At most %(n)d characters.") % {"n": limit}]
        clean[key] = value
    if not isinstance(fields.get("starts_at"), datetime):
        errors["starts_at"] = [_("Enter when the event starts.")]
    elif not 2000 <= fields["starts_at"].year <= 2100:
        errors["starts_at"] = [_("Enter a date between 2000 and 2100.")]
    clean["starts_at"] = fields.get("starts_at")
    capacity = fields.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 100_000:
        errors["capacity"] = [_("Give the number of seats, from 1 to 100000.")]
    clean["capacity"] = capacity
    status = fields.get("status") or EventStatus.OPEN
    if status not in EventStatus.values:
        errors["status"] = [_("Unknown status.")]
    clean["status"] = status
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def event_create(*, actor: Actor, dealer: Dealer, fields: dict) -> ClubEvent:
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(dealer.pk)
    return ClubEvent.objects.create(dealer=dealer, created_by_id=actor.user_id, **_clean(fields))


@transaction.atomic
def event_delete(*, actor: Actor, event: ClubEvent) -> None:
    """Only an event nobody was invited to or registered for may be deleted (otherwise: cancel it)."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(event.dealer_id)
    locked = _lock(event)
    if Registration.objects.filter(event=locked).exists():
        raise ValidationError(_("People are invited or registered: cancel the event instead of deleting it."))
    locked.delete()


def _lock(event: ClubEvent) -> ClubEvent:
    return ClubEvent.objects.select_for_update().get(pk=event.pk)


def _seats_taken(event: ClubEvent) -> int:
    return Registration.objects.filter(event=event, status__in=SEAT_HOLDERS).count()


@transaction.atomic
def event_update(*, actor: Actor, event: ClubEvent, fields: dict, now: datetime | None = None) -> ClubEvent:
    """Change an event; more seats move people up from the waiting list, fewer than are taken is refused."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(event.dealer_id)
    locked = _lock(event)
    data = _clean({**{k: getattr(locked, k) for k in EVENT_FIELDS}, **fields})
    taken = _seats_taken(locked)
    if data["capacity"] < taken:
        raise ValidationError(
            {"capacity": [_("%(n)d seats are already taken: cancel registrations first.") % {"n": taken}]}
        )
    for key, value in data.items():
        setattr(locked, key, value)
    locked.save()
    _fill_seats(locked, actor, now or timezone.now())
    return locked


def _fill_seats(event: ClubEvent, actor: Actor, now: datetime) -> list[Registration]:
    """Move the first of the waiting list up while seats are free (the event row is locked by the caller)."""
    if event.status != EventStatus.OPEN:
        return []
    free = event.capacity - _seats_taken(event)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=RS.WAITLISTED)
        .select_related("customer")
        .order_by("waitlisted_at", "id")[:free]
    )
    for registration in promoted:
        registration.status, registration.registered_at = RS.REGISTERED, now
        registration.updated_by_id = actor.user_id
        registration.save(update_fields=["status", "registered_at", "updated_by", "updated_at"])
        _timeline(registration, tl.CLUB_REGISTERED, actor, now, _("moved up from the waiting list"))
    return promoted


def _timeline(registration: Registration, kind: str, actor: Actor, now: datetime, extra: str = "") -> None:
    event = registration.event
    when = timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")
    summary = f"{event.title} · {when}" + (f" ({extra})" if extra else "")
    timeline_append(
        customer=registration.customer,
        kind=kind,
        actor=actor,
        occurred_at=now,
        summary=summary,
        ref=registration,
    )


def _param(column: str) -> str:
    """PostgreSQL types the literals of a SELECT list as text: cast each to its column's type there."""
    if connection.vendor != "postgresql":
        return "%s"
    field = Registration._meta.get_field(column)
    db_type = field.target_field.rel_db_type(connection) if field.is_relation else field.db_type(connection)
    return f"CAST(%s AS {db_type})"


def _insert_invitations(event: ClubEvent, customers, actor: Actor, now: datetime) -> int:
    """INSERT ... SELECT the customers as invited; those already on the list keep their place."""
    ids_sql, params = customers.order_by().values("id").query.sql_with_params()
    at = connection.ops.adapt_datetimefield_value(now)
    values = {
        "event": event.pk,
        "status": RS.INVITED,
        "invited_at": at,
        "note": "",
        "updated_by": actor.user_id,
        "created_at": at,
        "updated_at": at,
    }
    columns = [Registration._meta.get_field(name).column for name in values]
    placeholders = ", ".join(_param(name) for name in values)
    sql = (
        f"INSERT INTO {Registration._meta.db_table} (customer_id, {', '.join(columns)}) "
        f"SELECT picked.id, {placeholders} FROM ({ids_sql}) picked WHERE 1 = 1 "
        "ON CONFLICT (event_id, customer_id) DO NOTHING"
    )  # the table, columns and a compiled queryset: no user text in the SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values.values(), *params])
        return max(cursor.rowcount, 0)


def _queue_invitations(event: ClubEvent, template: MessageTemplate, actor: Actor, now: datetime) -> int:
    invited = Registration.objects.filter(event=event, customer_id=OuterRef("pk"), status=RS.INVITED)
    customers = Customer.objects.filter(dealer_id=event.dealer_id).filter(Exists(invited))
    starts = timezone.localtime(event.starts_at)
    context = {
        "event": event.title,
        "date": starts.date().isoformat(),
        "time": starts.strftime("%H:%M"),
        "place": event.place,
    }
    common = {
        "template": template,
        "send_after": now,
        "ref_type": EVENT_REF,
        "ref_id": event.pk,
        "actor": actor,
    }
    prefix = f"{EVENT_REF}:{event.pk}"
    return messaging.messages_queue_select(customers=customers, key_prefix=prefix, context=context, **common)


def invitation_template(dealer_id: int) -> MessageTemplate | None:
    return MessageTemplate.objects.filter(
        dealer_id=dealer_id, code=CLUB_EVENT_TEMPLATE, is_active=True
    ).first()


@transaction.atomic
def event_invite(
    *,
    actor: Actor,
    event: ClubEvent,
    segment: Segment,
    template: MessageTemplate | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Invite every customer of `segment`: an "invited" registration each (set-based) and an invitation
    message each through messaging (consent is checked when it is sent). Re-inviting adds only newcomers."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(event.dealer_id)
    now = now or timezone.now()
    locked = _lock(event)
    if segment.dealer_id != locked.dealer_id:
        raise ValidationError({"segment": [_("Choose one of this dealer's segments.")]})
    if locked.status != EventStatus.OPEN:
        raise ValidationError(_("Registration for this event is closed."))
    if template is None:
        template = invitation_template(locked.dealer_id)
        if template is None:
            raise ValidationError(
                {"template": [_("This dealer has no active club event invitation template.")]}
            )
    if template.dealer_id != locked.dealer_id or not template.is_active:
        raise ValidationError({"template": [_("Choose one of this dealer's active message templates.")]})
    customers = segment_customers(None, dealer_ids=[locked.dealer_id], rules=segment.rules)
    invited = _insert_invitations(locked, customers, actor, now)
    messages = _queue_invitations(locked, template, actor, now)
    return {"invited": invited, "messages": messages}


@transaction.atomic
def registration_register(
    *, actor: Actor, event: ClubEvent, customer: Customer, now: datetime | None = None, note: str = ""
) -> Registration:
    """Give the customer a seat, or a place on the waiting list when the event is full."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(event.dealer_id)
    now = now or timezone.now()
    locked = _lock(event)
    if customer.dealer_id != locked.dealer_id:
        raise ValidationError({"customer": [_("No such customer at this dealer.")]})
    if locked.status != EventStatus.OPEN:
        raise ValidationError(_("Registration for this event is closed."))
    registration = Registration.objects.select_for_update().filter(
        event=locked, customer=customer
    ).first() or Registration(event=locked, customer=customer)
    registration.event, registration.customer = locked, customer
    if registration.pk and registration.status in (*SEAT_HOLDERS, RS.WAITLISTED):
        return registration  # already has a seat or a place in line
    if _seats_taken(locked) < locked.capacity:
        registration.status, registration.registered_at, kind = RS.REGISTERED, now, tl.CLUB_REGISTERED
    else:
        registration.status, registration.waitlisted_at, kind = RS.WAITLISTED, now, tl.CLUB_WAITLISTED
    registration.note = (note or registration.note).strip()[:200]
    registration.updated_by_id = actor.user_id
    registration.save()
    _timeline(registration, kind, actor, now)
    return registration


@transaction.atomic
def registration_cancel(
    *, actor: Actor, registration: Registration, now: datetime | None = None
) -> list[Registration]:
    """Cancel a registration (or an invitation); a freed seat goes to the first on the waiting list.
    Returns the registrations moved up."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    locked = _lock(registration.event)
    actor.check_dealer(locked.dealer_id)
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().select_related("customer").get(pk=registration.pk)
    registration.event = locked
    if registration.status in (RS.CANCELLED, RS.ATTENDED, RS.NO_SHOW):
        raise ValidationError(_("This registration can no longer be cancelled."))
    registration.status, registration.updated_by_id = RS.CANCELLED, actor.user_id
    registration.save(update_fields=["status", "updated_by", "updated_at"])
    _timeline(registration, tl.CLUB_CANCELLED, actor, now)
    return _fill_seats(locked, actor, now)


@transaction.atomic
def attendance_record(
    *, actor: Actor, event: ClubEvent, attended: Iterable[int], now: datetime | None = None
) -> dict[str, int]:
    """Who came (registration ids): they are marked attended, the other seat holders did not come. Attendees
    get a follow-up purpose (kind "club_event") through the follow-up engine; re-recording is harmless."""
    actor.require(Perm.MANAGE_CAMPAIGNS)
    actor.check_dealer(event.dealer_id)
    now = now or timezone.now()
    locked = _lock(event)
    if locked.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event was cancelled."))
    if locked.starts_at > now:
        raise ValidationError(_("Attendance is recorded once the event has started."))
    seats = {
        r.pk: r
        for r in Registration.objects.select_for_update()
        .filter(event=locked, status__in=SEAT_HOLDERS)
        .select_related("customer")
    }
    attended = set(attended)
    if unknown := sorted(attended - set(seats)):
        raise ValidationError(
            {
                "attended": [
                    _("Not registered for this event: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}
                ]
            }
        )
    changed = []
    for pk, registration in seats.items():  # bounded by the event's seats
        status = RS.ATTENDED if pk in attended else RS.NO_SHOW
        if registration.status != status:
            registration.status, registration.updated_by_id = status, actor.user_id
            registration.event = locked
            changed.append(registration)
    Registration.objects.bulk_update(changed, ["status", "updated_by"])
    Registration.objects.filter(pk__in=[r.pk for r in changed]).update(updated_at=now)
    for registration in changed:
        kind = tl.CLUB_ATTENDED if registration.status == RS.ATTENDED else tl.CLUB_NO_SHOW
        _timeline(registration, kind, actor, now)
    locked.status = EventStatus.HELD
    locked.save(update_fields=["status", "updated_at"])
    on = timezone.localtime(locked.starts_at).date()
    followups = record_events(
        kind="club_event",
        events=[(seats[pk].customer_id, None, on, f"{REGISTRATION_SOURCE}:{pk}") for pk in sorted(attended)],
    )
    return {"attended": len(attended), "no_show": len(seats) - len(attended), "followups": followups}
