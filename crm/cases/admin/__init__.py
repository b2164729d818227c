"""The staff area for cases in the Wagtail admin: queues, case pages and their actions.

Views parse the request, call one selector or service in `crm.cases`, and render with Wagtail's
admin templates. URLs are registered in `crm/cases/wagtail_hooks.py` (see `urls.py`).
"""
