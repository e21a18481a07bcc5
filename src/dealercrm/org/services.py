"""Writes for the organisation: dealers and staff. Used by the admin, the seeder and tests."""

from django.contrib.auth import get_user_model
from django.db import transaction

from dealercrm.org.models import Dealer, DealerGroup, StaffProfile, StaffRole
from dealercrm.org.roles import GROUP_WIDE_ROLES, Role


@transaction.atomic
def dealer_ensure(*, group_name: str, code: str, name: str, city: str) -> Dealer:
    group, _ = DealerGroup.objects.get_or_create(name=group_name)
    dealer, _ = Dealer.objects.update_or_create(
        code=code, defaults={"group": group, "name": name, "city": city}
    )
    return dealer


@transaction.atomic
def staff_ensure(
    *, username: str, password: str, roles: list[Role], dealer: Dealer | None, display_name: str = ""
) -> StaffProfile:
    """Create or update a staff member with exactly these roles. Dealer staff need a dealer; HQ has none."""
    needs_dealer = not set(roles) & GROUP_WIDE_ROLES
    if needs_dealer and dealer is None:
        raise ValueError(f"{username}: dealer staff need a dealer")
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if created or not user.has_usable_password():
        user.set_password(password)
    user.is_staff = Role.ADMIN in roles
    user.is_superuser = Role.ADMIN in roles
    user.save()
    profile, _ = StaffProfile.objects.update_or_create(
        user=user, defaults={"dealer": dealer, "display_name": display_name or username}
    )
    StaffRole.objects.filter(staff=profile).exclude(role__in=roles).delete()
    for role in roles:
        StaffRole.objects.get_or_create(staff=profile, role=role)
    return profile
