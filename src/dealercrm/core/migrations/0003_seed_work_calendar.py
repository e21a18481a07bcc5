"""Seed the working-day calendar with every year chinese-calendar knows (2004-2026 in version 1.11)."""

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    rows = [CalendarDay(day=d, is_workday=False, name=str(n)) for d, n in chinese_calendar.holidays.items()]
    rows += [CalendarDay(day=d, is_workday=True, name=str(n)) for d, n in chinese_calendar.workdays.items()]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    years = sorted({d.year for d in chinese_calendar.holidays})
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source=f"chinese-calendar {chinese_calendar.__version__}") for y in years],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarYear").objects.filter(source__startswith="chinese-calendar").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_work_calendar")]
    operations = [migrations.RunPython(seed, unseed)]
