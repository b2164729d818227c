"""Create the default email templates, so every install can send emails from day one.

The texts are a frozen copy of crm/notifications/defaults.py at the time of writing (a test
checks they still match); existing templates, which staff may have edited, are left alone.
"""

from django.db import migrations

DEFAULT_EMAIL_TEMPLATES = {
    "case_opened": {
        "subject": "We have received your request {{ reference }}",
        "body": (
            "Dear {{ name }},\n\n"
            "Thank you for your request about {{ case_type }}.\n\n"
            "Your reference is {{ reference }}.\n\n"
            "You can see its progress at {{ case_url }}\n\n"
            "Please do not reply to this email."
        ),
    },
    "case_updated": {
        "subject": "Update on your request {{ reference }}",
        "body": (
            "Dear {{ name }},\n\n"
            "There is an update on your request {{ reference }} ({{ case_type }}).\n\n"
            "Status: {{ status }}\n\n"
            "{{ message }}\n\n"
            "You can see your request and reply at {{ case_url }}\n\n"
            "Please do not reply to this email."
        ),
    },
    "resident_message": {
        "subject": "New message on {{ reference }}",
        "body": (
            "The resident has sent a message about {{ reference }} ({{ case_type }}).\n\n"
            "Status: {{ status }}\n\n"
            "Read and reply at {{ case_url }}"
        ),
    },
}


def create_default_templates(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for key, fields in DEFAULT_EMAIL_TEMPLATES.items():
        EmailTemplate.objects.get_or_create(key=key, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RunPython(create_default_templates, migrations.RunPython.noop),
    ]
