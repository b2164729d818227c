"""A resident's run through a form starts on their first POST, not on a GET.

Search engines, link previews and people who only look at a form must not leave a session row
(and a cookie) behind, so reading a form's pages writes nothing: `RunSessionStorage` keeps an
empty run in memory until the view starts one. The first page is served without a CSRF token too
(`{% csrf_token %}` would set the csrftoken cookie), so the POST that starts a run is checked by
its origin instead (`check_post`). Once a run exists, or for anyone signed in, every page carries
a token and every POST is checked by Django's CSRF middleware as usual.
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from formtools.wizard.storage.base import BaseStorage

from home.origin import same_origin

from .storage import EFormSessionStorage, file_names


class RunSessionStorage(EFormSessionStorage):
    """The wizard's session storage, written to the session only once a run has started
    (`reset()` starts one); until then reads see an empty run held in memory."""

    def __init__(self, prefix, request=None, file_storage=None):
        # Not SessionStorage.__init__, which writes an empty run into the session at once.
        BaseStorage.__init__(self, prefix, request, file_storage)
        self._unsaved = None

    @property
    def started(self) -> bool:
        return self.prefix in self.request.session

    def _get_data(self):
        if self.started:
            self.request.session.modified = True
            return self.request.session[self.prefix]
        if self._unsaved is None:
            self._unsaved = {
                self.step_key: None,
                self.step_data_key: {},
                self.step_files_key: {},
                self.extra_data_key: {},
            }
        return self._unsaved

    def _set_data(self, value):
        self.request.session[self.prefix] = value
        self.request.session.modified = True
        self._unsaved = None

    data = property(_get_data, _set_data)

    def drop(self) -> None:
        """End the run without starting another; its files are deleted after the response."""
        if self.started:
            self._tmp_files.extend(file_names(self.data))
            del self.request.session[self.prefix]
        self._unsaved = None


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason  # the reason, not a response: the caller decides what to show


def check_post(request, *, token_required: bool) -> str | None:
    """None if this POST may be acted on, else the reason it may not.

    With `token_required` Django's full CSRF check applies (token, and origin or referer). The
    POST that starts an anonymous run has no token to send, so there the browser must say it
    comes from this site (`home.origin.same_origin`, as on the cookies page).
    """
    if token_required:
        return _CsrfCheck(lambda request: None).process_view(request, None, (), {})
    if getattr(request, "_dont_enforce_csrf_checks", False):  # Django's test client
        return None
    return None if same_origin(request) else _("The form was sent from another site.")
