"""Program, Enrollment and ProgramInvitation now belong to the programs app (its 0001 takes
them over with their tables): they leave this app's state, and no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0004_meeting_reminder_time"),
        ("programs", "0001_initial"),
        ("pairing", "0002_move_to_programs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("ProgramInvitation"),
                migrations.DeleteModel("Enrollment"),
                migrations.DeleteModel("Program"),
            ],
            database_operations=[],
        )
    ]
