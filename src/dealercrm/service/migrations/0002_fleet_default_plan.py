"""The fleet default service plan, for models without their own: 5,000 km or 6 months for the first service,
then every 10,000 km or 12 months; warranty 3 years or 100,000 km; 40 km a day until readings say otherwise."""

from decimal import Decimal

from django.db import migrations


def create_default(apps, schema_editor):
    ServicePlan = apps.get_model("service", "ServicePlan")
    if not ServicePlan.objects.filter(model__isnull=True).exists():
        ServicePlan.objects.create(
            model=None,
            first_service_km=5000,
            first_service_months=6,
            every_km=10000,
            every_months=12,
            warranty_years=3,
            warranty_km=100000,
            typical_km_per_day=Decimal("40.0"),
        )


class Migration(migrations.Migration):
    dependencies = [("service", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
