"""The tables take the programs app's names, and "enrolment" its one spelling; the content
types follow, so permissions and admin history keep pointing at the same models."""

from django.conf import settings
from django.db import migrations, models

MOVED = {"program": "program", "enrollment": "enrolment", "programinvitation": "programinvitation"}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in MOVED.items():
        stale = ContentType.objects.filter(app_label="mentoring", model=old)
        if ContentType.objects.filter(app_label="programs", model=new).exists():
            stale.delete()
        else:
            stale.update(app_label="programs", model=new)


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0001_initial'),
        ('mentoring', '0005_programs_moved'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='enrolment',
            name='one_enrollment_per_program',
        ),
        migrations.AddConstraint(
            model_name='enrolment',
            constraint=models.UniqueConstraint(fields=('program', 'user'), name='one_enrolment_per_program'),
        ),
        migrations.AlterModelTable(
            name='enrolment',
            table=None,
        ),
        migrations.AlterModelTable(
            name='program',
            table=None,
        ),
        migrations.AlterModelTable(
            name='programinvitation',
            table=None,
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
