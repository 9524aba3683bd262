# Joins two lines of accounts' migrations made side by side: the fields HR's records own
# (0007_profile_fields_from_hr) and the HR roles and sign-in settings (0007 to 0009).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_profile_fields_from_hr"),
        ("accounts", "0009_program_managers_group"),
    ]

    operations = []
