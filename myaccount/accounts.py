"""What My Account knows about a resident's account: their name and verified email addresses."""

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import AbstractBaseUser


def verified_emails(user: AbstractBaseUser | None) -> list[str]:
    """The addresses this resident has proved they own (allauth's verified EmailAddress rows).
    Requests made with any of them are theirs, including those made before they signed up."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def user_display(user: AbstractBaseUser) -> str:
    """How allauth names the resident in messages and emails (ACCOUNT_USER_DISPLAY)."""
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or getattr(user, "email", "") or user.get_username()
