"""Entity decisions belong to the court that made them (issue 11, defect 12).

Existing decisions were global; each is given to the court of the clerk who made it (the
court whose research office decided), so from now on it shapes that court's grouping and its
subordinates' only. A decision by a user without a court goes to the top court of the tree
(the old global effect, kept where nobody narrower can own it); with no court at all there are
no cases to group, and the row is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models


def assign_courts(apps, schema_editor):
    EntityDecision = apps.get_model("mining", "EntityDecision")
    Court = apps.get_model("courts", "Court")
    top = Court.objects.filter(parent__isnull=True).order_by("path", "id").first()
    for decision in EntityDecision.objects.select_related("decided_by"):
        court_id = decision.decided_by.court_id or (top.pk if top else None)
        if court_id is None:
            decision.delete()
        else:
            EntityDecision.objects.filter(pk=decision.pk).update(court_id=court_id)


class Migration(migrations.Migration):
    dependencies = [
        ("courts", "0002_court_doc_number_pattern"),
        ("mining", "0002_miningrefresh_entitydecision_hotspotrecord_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="entityrecord",
            name="counts",
            field=models.JSONField(default=dict, help_text="每种写法的案件数"),
        ),
        migrations.AddField(
            model_name="entitydecision",
            name="court",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courts.court",
                verbose_name="作出决定的法院",
            ),
        ),
        migrations.RunPython(assign_courts, migrations.RunPython.noop),
    ]
