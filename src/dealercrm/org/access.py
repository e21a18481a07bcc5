"""Who is asking: the acting staff member, their dealer scope and permissions, resolved once per request.

Every selector takes an Actor (or a user, turned into one here) and scopes its queryset with `scope()`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from dealercrm.org.roles import GROUP_WIDE_ROLES, READ_PERMS, Perm, perms_for

_CACHE_ATTR = "_dealercrm_actor"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    dealer_id: int | None
    dealer_code: str = ""
    group_id: int | None = None
    roles: frozenset[str] = frozenset()
    perms: frozenset[Perm] = field(default_factory=frozenset)

    @property
    def is_group_wide(self) -> bool:
        return bool(self.roles & GROUP_WIDE_ROLES)

    @property
    def is_read_only(self) -> bool:
        """Group HQ reads every dealer and changes nothing."""
        return Perm.VIEW_ALL_DEALERS in self.perms and "admin" not in self.roles

    def can(self, perm: Perm) -> bool:
        if self.is_read_only and perm not in READ_PERMS:
            return False
        return perm in self.perms

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            raise PermissionDenied

    def scope(self, queryset: QuerySet, dealer_field: str = "dealer") -> QuerySet:
        """Rows this actor may see: their dealer's, every dealer's for group-wide roles, none otherwise."""
        if self.is_group_wide:
            return queryset
        if self.dealer_id is None:
            return queryset.none()
        return queryset.filter(**{f"{dealer_field}_id": self.dealer_id})

    def check_dealer(self, dealer_id: int) -> None:
        """A row of another dealer does not exist for this actor (404, not 403: no probing)."""
        if not self.is_group_wide and dealer_id != self.dealer_id:
            raise Http404


NOBODY = Actor(user_id=None, username="", dealer_id=None)


def actor_for(user) -> Actor:
    """The Actor for a user, cached on the user object (one query for profile, dealer and roles)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from dealercrm.org.models import StaffRole

    rows = list(
        StaffRole.objects.filter(staff__user_id=user.pk).values_list(
            "role", "staff__dealer_id", "staff__dealer__code", "staff__dealer__group_id"
        )
    )
    roles = frozenset(r[0] for r in rows)
    if user.is_superuser:
        roles |= {"admin"}
    dealer_id, dealer_code, group_id = (
        (rows[0][1], rows[0][2] or "", rows[0][3]) if rows else (None, "", None)
    )
    actor = Actor(
        user_id=user.pk,
        username=user.get_username(),
        dealer_id=dealer_id,
        dealer_code=dealer_code,
        group_id=group_id,
        roles=roles,
        perms=perms_for(roles),
    )
    setattr(user, _CACHE_ATTR, actor)
    return actor


def system_actor() -> Actor:
    """For scripts, the seeder and daily jobs: acts for every dealer, attributed to nobody."""
    roles = frozenset({"admin"})
    return Actor(user_id=None, username="system", dealer_id=None, roles=roles, perms=perms_for(roles))
