"""Fields for issue 6 (trust): tracking-link nonces, retention and erasure, the access log that
outlives its case, virus-scan status and customer merges.

Existing cases each get their own nonce, and existing access log rows get the case reference and
the viewer's name as they are now.
"""

import secrets

import crm.cases.models
import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.only("pk").iterator():
        Case.objects.filter(pk=case.pk).update(tracking_nonce=secrets.token_urlsafe(12))
    CaseAccessLog = apps.get_model("cases", "CaseAccessLog")
    for log in CaseAccessLog.objects.select_related("case", "user").iterator():
        name = ""
        if log.user is not None:
            name = f"{log.user.first_name} {log.user.last_name}".strip() or log.user.username
        CaseAccessLog.objects.filter(pk=log.pk).update(
            case_reference=log.case.reference if log.case else "", user_name=name[:200]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_case_access_log'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='anonymised'),
        ),
        migrations.AddField(
            model_name='case',
            name='tracking_nonce',
            field=models.CharField(default=crm.cases.models.new_tracking_nonce, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='caseaccesslog',
            name='case_reference',
            field=models.CharField(blank=True, max_length=32, verbose_name='case reference'),
        ),
        migrations.AddField(
            model_name='caseaccesslog',
            name='user_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='viewed by'),
        ),
        migrations.AddField(
            model_name='caseattachment',
            name='scan_status',
            field=models.CharField(choices=[('not_scanned', 'Not scanned (no scanner configured)'), ('pending', 'Waiting for the virus scan'), ('clean', 'No virus found'), ('infected', 'Virus found: blocked'), ('failed', 'Scan failed: blocked')], default='not_scanned', max_length=16, verbose_name='virus scan'),
        ),
        migrations.AddField(
            model_name='caseattachment',
            name='scanned_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='casetype',
            name='retention_months',
            field=models.PositiveSmallIntegerField(default=72, help_text='How long after a case closes its personal data is kept; then the answers, files and customer link are removed and only the figures reports need remain', verbose_name='keep closed cases for (months)'),
        ),
        migrations.AddField(
            model_name='customer',
            name='erased_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='erased'),
        ),
        migrations.AddField(
            model_name='customer',
            name='merged_into',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged_from', to='cases.customer', verbose_name='merged into'),
        ),
        migrations.AlterField(
            model_name='caseaccesslog',
            name='action',
            field=models.CharField(choices=[('viewed', 'Viewed'), ('downloaded', 'Downloaded a file'), ('exported', 'Exported (subject access)')], max_length=16, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='caseaccesslog',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='access_logs', to='cases.case'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
