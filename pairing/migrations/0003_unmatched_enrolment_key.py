"""A run's unmatched mentees name their enrolment under "enrolment", the project's spelling."""

from django.db import migrations


def rename_key(apps, schema_editor, old="enrollment", new="enrolment"):
    PairingRun = apps.get_model("pairing", "PairingRun")
    for run in PairingRun.objects.exclude(unmatched=[]).only("pk", "unmatched").iterator():
        if any(old in entry for entry in run.unmatched):
            run.unmatched = [
                {(new if key == old else key): value for key, value in entry.items()}
                for entry in run.unmatched
            ]
            run.save(update_fields=["unmatched"])


def rename_back(apps, schema_editor):
    rename_key(apps, schema_editor, old="enrolment", new="enrollment")


class Migration(migrations.Migration):
    dependencies = [("pairing", "0002_move_to_programs")]

    operations = [migrations.RunPython(rename_key, rename_back)]
