"""Pairings point at the programs app's models now: the same tables, so the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pairing', '0001_initial'),
        ('programs', '0001_initial'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='pairing',
            name='mentee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairings_as_mentee', to='programs.enrolment'),
        ),
        migrations.AlterField(
            model_name='pairing',
            name='mentor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairings_as_mentor', to='programs.enrolment'),
        ),
        migrations.AlterField(
            model_name='pairing',
            name='program',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairings', to='programs.program'),
        ),
        migrations.AlterField(
            model_name='pairingrun',
            name='program',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairing_runs', to='programs.program'),
        ),
        migrations.AlterField(
            model_name='pairingrun',
            name='unmatched',
            field=models.JSONField(default=list, help_text='[{enrolment, reason, excluded}]'),
        ),
        migrations.AlterField(
            model_name='pairrule',
            name='mentee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programs.enrolment'),
        ),
        migrations.AlterField(
            model_name='pairrule',
            name='mentor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programs.enrolment'),
        ),
        migrations.AlterField(
            model_name='pairrule',
            name='program',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pair_rules', to='programs.program'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]
