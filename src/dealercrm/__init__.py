"""dealercrm: the CRM a car dealership runs its Customer Operation Center on."""

from dealercrm.celery import app as celery_app

__all__ = ["celery_app"]
