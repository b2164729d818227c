"""Create the default "one-time code" email template (a frozen copy of defaults.py)."""

from django.db import migrations

TRACKING_CODE = {
    "subject": "Your code to see request {{ reference }}",
    "body": (
        "Someone asked to see the details of request {{ reference }} ({{ case_type }}).\n\n"
        "Your code is {{ code }}. It works once, for {{ minutes }} minutes.\n\n"
        "If this was not you, you can ignore this email: nobody can see the details "
        "without the code.\n\n"
        "Please do not reply to this email."
    ),
}


def create_template(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    EmailTemplate.objects.get_or_create(key="tracking_code", defaults=TRACKING_CODE)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_trust_fields")]

    operations = [migrations.RunPython(create_template, migrations.RunPython.noop)]
