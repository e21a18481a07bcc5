"""Existing dealers get the default rules of the kinds added in 0003 (win-back, club event)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from dealercrm.followups.services.rules import create_defaults

    rule, qn, question = (apps.get_model("followups", n) for n in ("FollowUpRule", "Questionnaire", "Question"))
    for dealer_id in apps.get_model("org", "Dealer").objects.values_list("pk", flat=True):
        create_defaults(dealer_id, rule, qn, question)


class Migration(migrations.Migration):
    dependencies = [("followups", "0003_win_back_and_club_event_kinds")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
