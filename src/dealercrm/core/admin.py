from django.contrib import admin

from dealercrm.core.models import CalendarDay, CalendarYear, JobRun


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Mark a year's official schedule as entered, once its holidays and adjusted workdays are in."""

    list_display = ["year", "source", "recorded_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "is_workday", "name"]
    list_filter = ["is_workday", "day"]
    search_fields = ["name"]
    date_hierarchy = "day"


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "run_on", "started_at", "finished_at", "ok"]
    list_filter = ["name", "ok"]
    readonly_fields = ["name", "run_on", "started_at", "finished_at", "ok", "result"]
