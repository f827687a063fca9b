"""Issue 11, defect 9: text stored before the input boundary cleaned it may hold control
characters that break the letter (.docx) and the Excel register for the whole court. Clean every
text of the lifecycle records once, the way the input boundary now does (fengqiao.core.text):
single-line fields lose line breaks too; multi-line text and JSON content keep \\n and \\t."""

from django.db import migrations, models

from fengqiao.core.text import clean_data, clean_line, clean_text


def clean_stored_text(apps, schema_editor):
    for model in apps.get_app_config("suggestions").get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
        ]
        if not fields:
            continue
        for row in model.objects.only("pk", *[f.name for f in fields]).iterator(chunk_size=500):
            changed = []
            for f in fields:
                value = getattr(row, f.attname)
                if isinstance(f, models.JSONField):
                    cleaned = clean_data(value)
                elif isinstance(f, models.TextField):
                    cleaned = clean_text(value) if isinstance(value, str) else value
                else:
                    cleaned = clean_line(value) if isinstance(value, str) else value
                if cleaned != value:
                    setattr(row, f.attname, cleaned)
                    changed.append(f.attname)
            if changed:
                row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0004_one_outcome_per_item_one_open_agenda_item")]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop)]
