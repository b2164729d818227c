"""The email templates every install starts with. Staff edit them in the Wagtail admin.

Migration 0002 creates these rows; `get_email_template` falls back to them too, so a database
that was flushed (as transactional tests do) still sends sensible emails.
"""

from .enums import EmailKind

DEFAULT_EMAIL_TEMPLATES: dict[str, dict[str, str]] = {
    EmailKind.CASE_OPENED: {
        "subject": "We have received your request {{ reference }}",
        "body": (
            "Dear {{ name }},\n\n"
            "Thank you for your request about {{ case_type }}.\n\n"
            "Your reference is {{ reference }}.\n\n"
            "You can see its progress at {{ case_url }}\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.CASE_UPDATED: {
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
    EmailKind.RESIDENT_MESSAGE: {
        "subject": "New message on {{ reference }}",
        "body": (
            "The resident has sent a message about {{ reference }} ({{ case_type }}).\n\n"
            "Status: {{ status }}\n\n"
            "Read and reply at {{ case_url }}"
        ),
    },
    EmailKind.TRACKING_CODE: {
        "subject": "Your code to see request {{ reference }}",
        "body": (
            "Someone asked to see the details of request {{ reference }} ({{ case_type }}).\n\n"
            "Your code is {{ code }}. It works once, for {{ minutes }} minutes.\n\n"
            "If this was not you, you can ignore this email: nobody can see the details "
            "without the code.\n\n"
            "Please do not reply to this email."
        ),
    },
}
