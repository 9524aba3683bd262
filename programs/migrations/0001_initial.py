"""The programs app takes over the models that lived in `mentoring` (Program, Enrollment,
ProgramInvitation), in the project's state only: their tables stay as they are here, and
0002 renames them. A database made before the move keeps every row."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("mentoring", "0004_meeting_reminder_time"),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Program',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120)),
                ('description', models.TextField(blank=True)),
                ('goals', models.TextField(blank=True, verbose_name='goals of the program')),
                ('ground_rules', models.TextField(default="1. Confidentiality. What is said in a pairing stays in the pairing. HR sees that you met, goal progress and ratings, never what you talked about.\n2. Privacy. Personal information, pictures of each other and trade secrets are not shared outside the pair, on any channel, ever.\n3. Time. Both of you keep the agreed meetings, come prepared, and say early when a meeting has to move.\n4. Both ways. Value flows in both directions: the junior teaches digital skills, the executive gives back business experience. Each of you learns something.\n5. The mentee decides. The mentor advises and shows; the executive decides what to do with it and owns their strategy.\n6. No career consequences. Taking part, and anything said in the sessions, never counts for or against the junior's career, appraisal or pay.\n")),
                ('phase', models.CharField(choices=[('draft', 'Draft'), ('enrolling', 'Enrolling'), ('matching', 'Matching'), ('running', 'Running'), ('closed', 'Closed')], default='draft', max_length=12)),
                ('enrolment_opens', models.DateField(blank=True, null=True)),
                ('enrolment_closes', models.DateField(blank=True, null=True)),
                ('starts_on', models.DateField(blank=True, null=True, verbose_name='program starts')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='program ends')),
                ('cadence_weeks', models.PositiveSmallIntegerField(default=2, validators=[django.core.validators.MinValueValidator(1)], verbose_name='a meeting every … weeks')),
                ('meeting_minutes', models.PositiveSmallIntegerField(default=45, validators=[django.core.validators.MinValueValidator(15)], verbose_name='meeting length (minutes)')),
                ('reminder_hours_before', models.PositiveSmallIntegerField(default=24, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(168)], verbose_name='remind of a meeting … hours before')),
                ('default_capacity', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='mentees per mentor at most')),
                ('min_level_gap', models.PositiveSmallIntegerField(default=1, help_text='How many levels the executive must be above the junior mentor.', verbose_name='minimum level gap')),
                ('min_score', models.FloatField(default=0.0, help_text='Pairs scoring below this (0 to 1) are never proposed.', validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='minimum score')),
                ('weight_learn', models.FloatField(default=0.6, help_text='How much of what the executive wants to learn the mentor can teach, how well.', validators=[django.core.validators.MinValueValidator(0)], verbose_name='weight: the executive learns')),
                ('weight_give', models.FloatField(default=0.2, help_text='How much the executive can give back what the mentor wants to learn.', validators=[django.core.validators.MinValueValidator(0)], verbose_name='weight: the executive gives back')),
                ('weight_tz', models.FloatField(default=0.1, help_text='How close their time zones are: easier to find a meeting time.', validators=[django.core.validators.MinValueValidator(0)], verbose_name='weight: time zones')),
                ('weight_cross', models.FloatField(default=0.1, help_text='Whether they work in different departments: new perspectives on both sides.', validators=[django.core.validators.MinValueValidator(0)], verbose_name='weight: across departments')),
                ('allow_repeat_pairs', models.BooleanField(default=False, help_text='Off: nobody is paired with someone they were paired with in an earlier program.', verbose_name='earlier pairs may meet again')),
                ('mentee_min_level', models.PositiveSmallIntegerField(default=7, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='mentees from level')),
                ('mentor_max_level', models.PositiveSmallIntegerField(default=4, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='mentors up to level')),
                ('departments', models.JSONField(blank=True, default=list, help_text='Empty: everyone in the company may enrol.', verbose_name='departments included')),
                ('requires_approval', models.BooleanField(default=False, help_text='Off: enrolments are approved automatically.', verbose_name='HR approves each enrolment')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('copied_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='programs.program')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-starts_on', '-created_at'],
                'db_table': 'mentoring_program',
            },
        ),
        migrations.CreateModel(
            name='Enrolment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('mentee', 'Mentee (executive who learns digital skills)'), ('mentor', 'Mentor (junior who teaches digital skills)')], max_length=8)),
                ('status', models.CharField(choices=[('pending', 'Waiting for HR'), ('approved', 'Approved'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='pending', max_length=10)),
                ('hopes', models.TextField(blank=True, verbose_name='what you hope to get out of it')),
                ('availability', models.JSONField(blank=True, default=list, help_text="Slots such as 'tue-morning', in the person's time zone")),
                ('capacity', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='mentees you can take')),
                ('ground_rules_accepted_at', models.DateTimeField()),
                ('paired_count', models.PositiveSmallIntegerField(default=0, help_text='Published pairings this person is in now')),
                ('decision_reason', models.CharField(blank=True, max_length=300)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to=settings.AUTH_USER_MODEL)),
                ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to='programs.program')),
            ],
            options={
                'ordering': ['program', 'role', 'created_at'],
                'db_table': 'mentoring_enrollment',
                'constraints': [models.UniqueConstraint(fields=('program', 'user'), name='one_enrollment_per_program'), models.CheckConstraint(condition=models.Q(('paired_count__lte', models.F('capacity'))), name='paired_within_capacity')],
            },
        ),
        migrations.CreateModel(
            name='ProgramInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='programs.program')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='program_invitations', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'mentoring_programinvitation',
                'constraints': [models.UniqueConstraint(fields=('program', 'user'), name='one_invitation_per_person')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]
