"""Writes of the insurance app: policies and the renewal pipeline."""

from dealercrm.insurance.services.policies import policy_create, policy_delete, policy_update
from dealercrm.insurance.services.renewals import (
    renewal_defaults,
    renewal_lose,
    renewal_quote,
    renewal_renew,
    renewals_expire,
    renewals_open,
)

__all__ = [
    "policy_create",
    "policy_delete",
    "policy_update",
    "renewal_defaults",
    "renewal_lose",
    "renewal_quote",
    "renewal_renew",
    "renewals_expire",
    "renewals_open",
]
