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
    EmailKind.BOOKING_CONFIRMED: {
        "subject": "Your booking is confirmed: {{ reference }}",
        "body": (
            "Dear {{ name }},\n\n"
            "Your booking ({{ case_type }}) is confirmed.\n\n"
            "{{ booking }}\n\n"
            "Your reference is {{ reference }}.\n\n"
            "You can see or cancel it at {{ case_url }}\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.BOOKING_AWAITING_APPROVAL: {
        "subject": "We have your booking request {{ reference }}",
        "body": (
            "Dear {{ name }},\n\n"
            "Thank you for your payment. Your booking ({{ case_type }}) now needs to be "
            "approved by our team. We will email you when it is.\n\n"
            "{{ booking }}\n\n"
            "If it is declined, you will get your money back in full.\n\n"
            "You can see it at {{ case_url }}\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.BOOKING_DECLINED: {
        "subject": "Your booking {{ reference }} could not be approved",
        "body": (
            "Dear {{ name }},\n\n"
            "We are sorry: we could not approve your booking ({{ case_type }}).\n\n"
            "{{ booking }}\n\n"
            "{{ message }}\n\n"
            "Any payment will be refunded in full to the card you paid with.\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.BOOKING_CANCELLED: {
        "subject": "Your booking {{ reference }} is cancelled",
        "body": (
            "Dear {{ name }},\n\n"
            "Your booking ({{ case_type }}) is cancelled.\n\n"
            "{{ booking }}\n\n"
            "{{ message }}\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.BOOKING_RELEASED: {
        "subject": "Your booking {{ reference }} was not paid in time",
        "body": (
            "Dear {{ name }},\n\n"
            "We held your booking ({{ case_type }}) while you paid, but the payment was not "
            "completed in time, so the place has been released.\n\n"
            "{{ booking }}\n\n"
            "No money was taken. You can book again on our website.\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.BOOKING_REMINDER: {
        "subject": "Reminder: your booking tomorrow ({{ reference }})",
        "body": (
            "Dear {{ name }},\n\n"
            "This is a reminder of your booking ({{ case_type }}) tomorrow.\n\n"
            "{{ booking }}\n\n"
            "You can see it at {{ case_url }}\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.PAYMENT_RECEIVED: {
        "subject": "Payment received: {{ reference }}",
        "body": (
            "Dear {{ name }},\n\n"
            "We have received your payment of {{ amount }} for {{ description }}.\n\n"
            "Your reference is {{ reference }}.\n\n"
            "Your receipt is at {{ case_url }}\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.LATE_PAYMENT_REFUNDED: {
        "subject": "Your booking {{ reference }} could not be made: refunded",
        "body": (
            "Dear {{ name }},\n\n"
            "Your payment of {{ amount }} reached us after the time we could hold your booking "
            "({{ case_type }}), and the place has since gone.\n\n"
            "We have refunded {{ amount }} in full to the card you paid with. It can take up to "
            "5 working days to reach your account. You can book another date on our website.\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.REFUND_ISSUED: {
        "subject": "Refund of {{ amount }}: {{ reference }}",
        "body": (
            "Dear {{ name }},\n\n"
            "We have refunded {{ amount }} for {{ case_type }} (reference {{ reference }}) "
            "to the card you paid with.\n\n"
            "{{ message }}\n\n"
            "It can take up to 5 working days to reach your account.\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.CLOSURE_SURVEY: {
        "subject": "How did we do with your request {{ reference }}?",
        "body": (
            "Dear {{ name }},\n\n"
            "Your request {{ reference }} ({{ case_type }}) is now closed.\n\n"
            "How satisfied are you with how we dealt with it? Choose one link: one click "
            "records your answer, and you do not need to sign in.\n\n"
            "1 Very dissatisfied: {{ survey_url_1 }}\n"
            "2 Dissatisfied: {{ survey_url_2 }}\n"
            "3 Neither satisfied nor dissatisfied: {{ survey_url_3 }}\n"
            "4 Satisfied: {{ survey_url_4 }}\n"
            "5 Very satisfied: {{ survey_url_5 }}\n\n"
            "You can then tell us why, if you want to, and change your answer. "
            "The links work until {{ expires }}.\n\n"
            "Please do not reply to this email."
        ),
    },
    EmailKind.TEAM_DIGEST: {
        "subject": (
            "Cases due: {{ overdue_count }} overdue, {{ due_soon_count }} due soon ({{ date }})"
        ),
        "body": (
            "Dear {{ name }},\n\n"
            "Open cases of {{ teams }} on {{ date }}. There are no details of residents "
            "in this email: follow a link to see the case.\n\n"
            "Overdue ({{ overdue_count }}):\n"
            "{{ overdue }}\n\n"
            "Due by {{ due_soon_until }} ({{ due_soon_count }}):\n"
            "{{ due_soon }}\n\n"
            "The team queue: {{ queue_url }}\n\n"
            "You get this email each working day because you lead the team."
        ),
    },
}
