"""Abstract bases every app's models build on, and the record of daily job runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def staff_ref(verbose_name, related_name: str = "+") -> models.ForeignKey:
    """Who did something to a record (created, recorded, launched it): kept when the account is removed."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class DealerScopedModel(TimeStampedModel):
    """A row that belongs to exactly one dealer: the unit of isolation for every selector and view."""

    dealer = models.ForeignKey("org.Dealer", on_delete=models.PROTECT, verbose_name=_("dealer"))

    class Meta:
        abstract = True


class JobRun(models.Model):
    """One run of a daily job for a business date; re-running a date is allowed (jobs are idempotent)."""

    name = models.CharField(_("job"), max_length=80)
    run_on = models.DateField(_("business date"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    ok = models.BooleanField(_("succeeded"), default=False)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        indexes = [models.Index(fields=["name", "-run_on"], name="core_jobrun_name_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.run_on}"


class CalendarYear(models.Model):
    """A year whose official schedule (holidays and adjusted workdays) is on record.

    chinese-calendar knows 2004-2026; each next year is published by the State Council in November and entered
    by an admin. A year not listed here falls back to Monday-Friday, and the UI says so.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=40, default="admin")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to Monday-Friday: a holiday on a weekday, or a weekend day made a workday (调休)."""

    day = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
