"""The Wagtail admin's sign-in form, authenticating through allauth (WAGTAILADMIN_USER_LOGIN_FORM).

Wagtail's own form calls Django's `authenticate()` directly, so nothing limits how many passwords
a client may try at /admin/login/. This form goes through allauth's adapter instead, which counts
wrong passwords per client and per account with the same ACCOUNT_RATE_LIMITS as /accounts/login/
(and the same ALLAUTH_TRUSTED_PROXY_COUNT to find the client). Accounts without admin access,
residents among them, get the same answer as a wrong password: they are never signed in here.
"""

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.contrib.auth.base_user import AbstractBaseUser
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            adapter = get_adapter(self.request)
            # Every attempt, right or wrong, as allauth's LoginView counts them.
            if not ratelimit.consume(self.request, action="login"):
                raise adapter.validation_error("too_many_login_attempts")
            # Consumes "login_failed" first and refuses once it is used up; a correct password
            # gives its use back, as on /accounts/login/.
            self.user_cache = adapter.authenticate(
                self.request, username=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        super().confirm_login_allowed(user)  # inactive accounts
        if not user.has_perm("wagtailadmin.access_admin"):
            raise self.get_invalid_login_error()
