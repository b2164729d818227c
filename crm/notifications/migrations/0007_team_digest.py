# Written by hand (makemigrations could not load the project while others edited it); the
# same operations makemigrations makes for the model changes, plus the new template.

import django.db.models.deletion
from django.db import migrations, models

# A frozen copy of defaults.py for the team leads' digest.
TEMPLATES = {'team_digest': {'body': 'Dear {{ name }},\n'
                         '\n'
                         'Open cases of {{ teams }} on {{ date }}. There are no details '
                         'of residents in this email: follow a link to see the case.\n'
                         '\n'
                         'Overdue ({{ overdue_count }}):\n'
                         '{{ overdue }}\n'
                         '\n'
                         'Due by {{ due_soon_until }} ({{ due_soon_count }}):\n'
                         '{{ due_soon }}\n'
                         '\n'
                         'The team queue: {{ queue_url }}\n'
                         '\n'
                         'You get this email each working day because you lead the team.',
                 'subject': 'Cases due: {{ overdue_count }} overdue, {{ due_soon_count '
                            '}} due soon ({{ date }})'}}

KINDS = [('case_opened', 'Request received (to the resident)'),
 ('case_updated', 'Request updated (to the resident)'),
 ('resident_message', 'Message from a resident (to the team)'),
 ('tracking_code', "One-time code to see a request's details (to the resident)"),
 ('booking_confirmed', 'Booking confirmed (to the resident)'),
 ('booking_awaiting_approval', 'Booking paid, waiting for approval (to the resident)'),
 ('booking_declined', 'Booking declined and refunded (to the resident)'),
 ('booking_cancelled', 'Booking cancelled (to the resident)'),
 ('booking_released', 'Booking not paid in time and released (to the resident)'),
 ('booking_reminder', 'Reminder the day before a booking (to the resident)'),
 ('payment_received', 'Payment receipt (to the resident)'),
 ('late_payment_refunded',
  'Paid after the hold expired with no place left: refunded (to the resident)'),
 ('refund_issued', 'Refund issued (to the resident)'),
 ('closure_survey',
  'Closure survey, sent once when a request is closed (to the resident)'),
 ('team_digest',
  "Daily digest of a team's cases due soon and overdue (to each team lead)")]


def create_templates(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for key, fields in TEMPLATES.items():
        EmailTemplate.objects.get_or_create(key=key, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("notifications", "0006_closure_survey_email"),
    ]

    operations = [
        migrations.AlterField(
            model_name="emailtemplate",
            name="key",
            field=models.CharField(choices=KINDS, max_length=32, unique=True, verbose_name="email"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=32),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outbox_messages",
                to="cases.case",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="dedupe_key",
            field=models.CharField(blank=True, max_length=100, null=True, unique=True),
        ),
        migrations.RunPython(create_templates, migrations.RunPython.noop),
    ]
