"""Deleting a resident's account from My Account (UK GDPR Article 17 for what the account holds).

The resident confirms with their password. Their drafts (and the files in them), email addresses
and account go; their customer record is unlinked from the account through the CRM's service.
Their requests stay with the council and are anonymised under the retention rule, and the page
says so before they confirm. Staff accounts are not deleted here: an administrator does that.
"""

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from crm.cases.services import unlink_customer_from_user
from forms.tasks import delete_user_drafts

DELETED_FLAG = "myaccount_account_deleted"


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Enter your password to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        # The same limit as allauth's other password confirmations: no guessing from a
        # session someone left signed in.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(
                _("You have entered the wrong password too many times. Try again in a minute."),
                code="too_many_attempts",
            )
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct"), code="incorrect")
        return password


def can_delete_own_account(user) -> bool:
    return not (user.is_staff or user.is_superuser)


def delete_account(user) -> None:
    """Everything that goes with the account, in one transaction (draft files after commit)."""
    with transaction.atomic():
        unlink_customer_from_user(user)
        delete_user_drafts(user)
        EmailAddress.objects.filter(user=user).delete()
        user.delete()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account_view(request):
    user = request.user
    if not can_delete_own_account(user):
        return TemplateResponse(request, "myaccount/delete_account_staff.html", status=403)
    form = DeleteAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        delete_account(user)
        logout(request)
        request.session[DELETED_FLAG] = True
        return redirect("myaccount:account_deleted")
    return TemplateResponse(
        request,
        "myaccount/delete_account.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
def account_deleted(request):
    """The confirmation, shown once, straight after the deletion."""
    if not request.session.pop(DELETED_FLAG, False):
        return redirect("/")
    return TemplateResponse(request, "myaccount/account_deleted.html")
