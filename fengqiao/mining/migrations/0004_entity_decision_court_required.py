"""Entity decisions: the court is required and a name is decided once per court (a separate
migration from the data step, so PostgreSQL applies it after the rows are updated)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mining", "0003_entity_decision_per_court")]

    operations = [
        migrations.AlterField(
            model_name="entitydecision",
            name="court",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courts.court",
                verbose_name="作出决定的法院",
            ),
        ),
        migrations.AlterField(
            model_name="entitydecision",
            name="name",
            field=models.CharField(max_length=200),
        ),
        migrations.AddConstraint(
            model_name="entitydecision",
            constraint=models.UniqueConstraint(
                fields=("court", "name"), name="entity_decision_per_court"
            ),
        ),
    ]
