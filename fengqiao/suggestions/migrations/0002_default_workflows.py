from django.db import migrations


def create(apps, schema_editor):
    from fengqiao.suggestions.workflows import create_default_workflows

    create_default_workflows(
        apps.get_model("suggestions", "Workflow"), apps.get_model("suggestions", "WorkflowStep")
    )


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
