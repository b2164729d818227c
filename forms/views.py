"""The public eForm runtime: a django-formtools wizard whose steps are built from the definition.

/forms/<slug>/                       start (intro with "Start now", or straight to the first step)
/forms/<slug>/<step>/                a question page; ?change=1 returns to check your answers
/forms/<slug>/check-your-answers/    summary with "Change" links; POST sends the form
/forms/<slug>/resume/<uuid>/         carry on from a saved draft (its owner only)
/forms/<slug>/pay/                   pay for a sent form (pay_views.py)

A step with a booking question offers the slots worked out from earlier answers (booking.py),
paged with ?from=YYYY-MM-DD links. Sending holds the booking and starts the payment with the case
(services.py); if the slot was taken meanwhile the resident is sent back to choose another.

A run (its answers in the session, and a submission key) starts on the first POST: looking at a
form's pages creates no session and sets no cookie (see runs.py). The key is kept in the wizard's
extra data and passed to `open_case`, so sending twice opens one case. A POST to check your answers
with no run (sent already, or the session ended) never sends anything: it goes to the
confirmation page or back to the start.

Abuse: a hidden "honeypot" field that people leave empty (a filled one drops the run, silently),
and limits per client and per session on sending and on uploading files (throttles.py).
"""

import logging
import uuid
from collections import OrderedDict
from functools import partial

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from formtools.wizard.views import NamedUrlSessionWizardView

from crm.bookings.selectors import bookings_for_case
from crm.bookings.services import SlotUnavailable
from crm.payments.enums import PAID_STATES
from crm.payments.selectors import payment_for_case

from . import services, throttles
from .assisted import assisted_channel, end_assisted
from .booking import parse_paging, slot_choice
from .builder import build_step_form, file_questions
from .enums import SignIn
from .prefill import resident_details
from .questions import BookingSlotQuestion
from .revisions import RUN_REVISION_KEY, definition_for_run, run_revision_id
from .runs import check_post
from .selectors import draft_for_form, get_draft_for_user, get_live_form
from .storage import file_names, wizard_file_storage
from .wizard_pages import CheckAnswersMixin, mark_completed, pop_completed, was_completed

CHECK_STEP = "check-your-answers"
# Where a failed hold leaves its message for the slot step (the wizard's extra data).
SLOT_ERROR_KEY = "slot_error"
# The honeypot: visually hidden and out of the tab order, labelled for anyone who meets it
# anyway (a screen reader user, a browser without CSS) with "Leave this field empty".
HONEYPOT_FIELD = "website"

logger = logging.getLogger(__name__)


class EFormWizardView(CheckAnswersMixin, NamedUrlSessionWizardView):
    storage_name = "forms.runs.RunSessionStorage"
    template_name = "eforms/step.html"

    @classmethod
    def as_eform_view(cls):
        # formtools wants a form list up front; the real one is built per request in dispatch().
        # CSRF is checked in post(): the first page has no token, so as to set no cookie.
        return csrf_exempt(
            cls.as_view(
                form_list=[("start", forms.Form)],
                url_name="eforms:step",
                done_step_name=CHECK_STEP,
            )
        )

    @property
    def file_storage(self):
        return wizard_file_storage()

    # --- Set-up ---------------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        self.eform = get_live_form(kwargs["slug"])
        self.assisted_channel = assisted_channel(request, self.eform.slug)
        signed_in = request.user.is_authenticated
        needs_sign_in = self.eform.sign_in == SignIn.REQUIRED and not self.assisted_channel
        if (needs_sign_in or kwargs.get("draft_uuid")) and not signed_in:
            return redirect_to_login(request.get_full_path())
        self.is_resident = (
            signed_in and not self.assisted_channel and self.eform.sign_in != SignIn.OFF
        )
        # A run keeps the published version it started on (see revisions.py).
        prefix = self.get_prefix(request, *args, **kwargs)
        self.definition = definition_for_run(self.eform, run_revision_id(request.session, prefix))
        if not self.definition.steps:
            raise Http404
        self.form_list = OrderedDict(
            (step.key, build_step_form(step)) for step in self.definition.steps
        )
        self.condition_dict = {
            step.key: partial(_shown, step_key=step.key)
            for step in self.definition.steps
            if step.condition_key
        }
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return f"eform_{self.eform.slug}" + ("_assisted" if self.assisted_channel else "")

    def get_step_url(self, step):
        if step == CHECK_STEP:
            return reverse("eforms:check", kwargs={"slug": self.eform.slug})
        return reverse(self.url_name, kwargs={"slug": self.eform.slug, "step": step})

    def prepare(self):
        self.draft = draft_for_form(self.request.user, self.eform) if self.is_resident else None
        if self.draft is not None:
            self.storage.protected_files = frozenset(file_names(self.draft.data))

    @property
    def run_active(self) -> bool:
        return bool(self.storage.extra_data.get("submission_key"))

    def start_run(self):
        self.storage.reset()
        self.storage.current_step = self.steps.first
        self.storage.extra_data = {
            "submission_key": f"eform-{uuid.uuid4().hex}",
            RUN_REVISION_KEY: self.eform.live_revision_id,
        }
        pop_completed(self.request, self.eform.slug)

    @property
    def csrf_needed(self) -> bool:
        """Pages carry a CSRF token (and so a cookie) once there is something to protect: a run,
        or a signed-in user's account."""
        return self.run_active or self.request.user.is_authenticated

    # --- Conditions and progress ----------------------------------------------------------------

    def step_is_shown(self, key: str) -> bool:
        step = self.definition.step(key)
        if not step.condition_key:
            return True
        source = self.definition.step_of(step.condition_key)
        if source is None or source.key == key or not self.step_is_shown(source.key):
            return False
        cleaned = self.get_cleaned_data_for_step(source.key)
        question = self.definition.question(step.condition_key)
        return cleaned is not None and question.matches(cleaned, step.condition_value)

    def first_incomplete_step(self, after: str | None = None) -> str | None:
        keys = list(self.get_form_list())
        if after in keys:
            keys = keys[keys.index(after) + 1 :]
        return next((key for key in keys if self.get_cleaned_data_for_step(key) is None), None)

    def forget_cached_steps(self):
        for name in list(self.__dict__):
            if name.startswith("_cleaned_data_cache_") or name in (
                "_resolved_form_list",
                "_cache_signature",
            ):
                delattr(self, name)

    # --- Forms ----------------------------------------------------------------------------------

    def get_form(self, step=None, data=None, files=None):
        step = step or self.steps.current
        kwargs = self.get_form_kwargs(step)
        kwargs.update(data=data, files=files, prefix=step, initial=self.get_form_initial(step))
        return self.form_list[step](**kwargs)

    def get_form_kwargs(self, step=None):
        stored = self.storage.get_step_files(step) or MultiValueDict()
        prefix = f"{step}-"
        kwargs = {
            "stored_files": {name.removeprefix(prefix): stored.getlist(name) for name in stored}
        }
        question = self.slot_question(step)
        if question is not None:
            kwargs["slot_choice"] = self.slot_choice(question)
        return kwargs

    def slot_question(self, step) -> BookingSlotQuestion | None:
        return next(
            (q for q in self.definition.step(step).questions if isinstance(q, BookingSlotQuestion)),
            None,
        )

    def slot_choice(self, question: BookingSlotQuestion):
        """What the slot step offers, from the answers so far, and the page of dates asked for."""
        choice = slot_choice(self.definition, question, self.get_cleaned_data_for_step)
        choice.start, choice.earlier = parse_paging(self.request.GET)
        choice.changing = self.changing
        return choice

    def get_form_initial(self, step):
        if not self.is_resident:
            return {}
        details = resident_details(self.request.user)
        initial = {}
        for question in self.definition.step(step).questions:
            initial.update(question.initial(details))
        return initial

    def posted_files(self, step) -> MultiValueDict:
        """The files for this POST: those already uploaded on the step plus any new ones (a new
        file replaces the old one where only one is allowed)."""
        stored = self.storage.get_step_files(step) or MultiValueDict()
        files = MultiValueDict()
        for question in file_questions(self.definition.step(step)):
            name = f"{step}-{question.key}"
            new = [item for item in self.request.FILES.getlist(name) if item]
            old = stored.getlist(name)
            files.setlist(name, new if new and question.max_files == 1 else old + new)
        return files

    def store(self, step, form):
        self.storage.set_step_data(step, form.step_data())
        if form.is_valid():
            self.storage.set_step_files(step, form.step_files())
        self.forget_cached_steps()

    # --- GET ------------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        self.prepare()
        if kwargs.get("draft_uuid"):
            return self.resume(kwargs["draft_uuid"])
        step = kwargs.get("step")
        if step is None:
            return self.start()
        # No run is started here: a run starts with its first POST.
        if step == CHECK_STEP:
            if not self.run_active and was_completed(self.request, self.eform.slug):
                # Back from the pay or confirmation page: the form has been sent.
                return redirect("eforms:confirmation", slug=self.eform.slug)
            return self.check_answers()
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.first_incomplete_step() or self.steps.first))
        self.storage.current_step = step
        stored = self.storage.get_step_data(step)
        form = self.get_form(step, data=stored, files=self.storage.get_step_files(step))
        if self.slot_question(step) is not None:
            return self.render_slot_step(form, has_answer=stored is not None)
        return self.render(form, show_errors=False)

    def render_slot_step(self, form, *, has_answer: bool):
        """The slot step; with its error if the slot chosen earlier has gone (taken by someone
        else while the resident was on later steps, or when their form was sent)."""
        message = self.storage.extra_data.get(SLOT_ERROR_KEY)
        if message:
            extra = dict(self.storage.extra_data)
            extra.pop(SLOT_ERROR_KEY)
            self.storage.extra_data = extra
        invalid = has_answer and not form.is_valid()
        if message and not invalid:
            question = self.slot_question(form.prefix)
            form.add_error(question.key, ValidationError(message, code="slot_unavailable"))
        return self.render(form, show_errors=bool(message) or invalid)

    def start(self):
        """The start page, or the first question. "Start now" is a link: the question page
        writes nothing until it is answered."""
        if "reset" in self.request.GET:  # staff starting a new call (assisted digital)
            self.storage.drop()
        step = self.steps.first
        if self.run_active and self.storage.current_step in self.get_form_list():
            step = self.storage.current_step
        if self.eform.intro:
            return TemplateResponse(
                self.request,
                "eforms/start.html",
                self.page_context(
                    start_url=self.get_step_url(step),
                    in_progress=self.run_active
                    and self.storage.get_step_data(self.steps.first) is not None,
                    login_url=redirect_to_login(self.request.get_full_path()).url,
                ),
            )
        return redirect(self.get_step_url(step))

    def resume(self, draft_uuid):
        draft = get_draft_for_user(self.request.user, draft_uuid, slug=self.eform.slug)
        self.storage.reset()  # the draft's files are protected (see prepare)
        self.storage.data = _restorable(draft.data, self.storage.file_storage)
        # Always a new key: the draft may be open in another browser too, and two sets of answers
        # sent with one key would collapse into the first one's case.
        self.storage.extra_data = {
            **self.storage.extra_data,
            "submission_key": f"eform-{uuid.uuid4().hex}",
        }
        self.forget_cached_steps()
        step = draft.current_step
        if step not in self.get_form_list():
            step = self.first_incomplete_step() or self.steps.first
        self.storage.current_step = step
        return redirect(self.get_step_url(step))

    # --- POST -----------------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        self.prepare()
        refused = check_post(request, token_required=self.csrf_needed)
        if refused:
            return self.refuse_post()
        step = kwargs.get("step")
        if step is None or kwargs.get("draft_uuid"):
            return redirect(self.eform.get_absolute_url())
        if step not in self.get_form_list() and step != CHECK_STEP:
            return redirect(self.get_step_url(self.first_incomplete_step() or self.steps.first))
        if request.POST.get(HONEYPOT_FIELD):
            return self.drop_silently(step)
        if not self.run_active:
            completed = was_completed(request, self.eform.slug)
            if step == CHECK_STEP or (completed and step != self.steps.first):
                # Sent already (a resubmitted page), or the session ended.
                if completed:
                    return redirect("eforms:confirmation", slug=self.eform.slug)
                return redirect(self.eform.get_absolute_url())
            self.start_run()
        if step == CHECK_STEP:
            return self.send()
        self.storage.current_step = step
        if "remove_file" in request.POST:
            return self.remove_file(step, request.POST["remove_file"])
        new_files = self.count_new_files(step)
        if new_files and not self.assisted_channel:
            refusal = throttles.consume(request, throttles.UPLOAD, new_files)
            if refusal is not None:
                return self.refuse_upload(step, refusal)
        form = self.get_form(step, data=request.POST, files=self.posted_files(step))
        if "save_draft" in request.POST and self.is_resident:
            return self.save_draft(step, form)
        if not form.is_valid():
            return self.render(form, show_errors=True)
        self.store(step, form)
        return redirect(self.after_step_url(step))

    @property
    def changing(self) -> bool:
        return self.request.GET.get("change") == "1"

    def after_step_url(self, step) -> str:
        if self.changing:
            # Back to check your answers, unless the change revealed a step not yet answered.
            missing = self.first_incomplete_step(after=step)
            if missing:
                return self.get_step_url(missing) + "?change=1"
            return self.get_step_url(CHECK_STEP)
        next_step = self.get_next_step(step)
        return self.get_step_url(next_step or CHECK_STEP)

    def drop_silently(self, step):
        """A filled honeypot: a script, not a person. Drop the run (and any files) and answer as
        if all were well, so the script learns nothing; no case is ever opened from it."""
        logger.info("eForm %s: honeypot filled, run dropped", self.eform.slug)
        self.storage.drop()
        if step == CHECK_STEP:
            return redirect(self.eform.get_absolute_url())
        next_step = self.get_next_step(step)
        return redirect(self.get_step_url(next_step or CHECK_STEP))

    def refuse_post(self):
        """A POST with a missing or wrong CSRF token, or sent from another site."""
        return TemplateResponse(
            self.request,
            "eforms/post_refused.html",
            self.page_context(
                page_title=_("Sorry, your answers could not be saved"),
                start_url=self.eform.get_absolute_url(),
            ),
            status=403,
        )

    def count_new_files(self, step) -> int:
        return sum(
            1
            for question in file_questions(self.definition.step(step))
            for item in self.request.FILES.getlist(f"{step}-{question.key}")
            if item
        )

    def refuse_upload(self, step, refusal: throttles.Refusal):
        """Too many files from this client or session: the page again, with what was typed and
        an error on each upload question, and nothing saved."""
        stored = self.storage.get_step_files(step) or MultiValueDict()
        form = self.get_form(step, data=self.request.POST, files=stored)
        form.is_valid()
        message = ngettext(
            "You have uploaded too many files in a short time. Try again in %(minutes)d minute.",
            "You have uploaded too many files in a short time. Try again in %(minutes)d minutes.",
            refusal.minutes,
        ) % {"minutes": refusal.minutes}
        for question in file_questions(self.definition.step(step)):
            if any(self.request.FILES.getlist(f"{step}-{question.key}")):
                form.add_error(question.key, ValidationError(message, code="throttled"))
        response = self.render(form, show_errors=True)
        response.status_code = 429
        response["Retry-After"] = str(refusal.retry_after)
        return response

    def remove_file(self, step, target: str):
        """The "Remove" button next to an uploaded file (its own small form, so the step's other
        answers are neither needed nor changed)."""
        key, _sep, index = target.rpartition(":")
        name = f"{step}-{key}"
        stored = self.storage.get_step_files(step) or MultiValueDict()
        files = {field: stored.getlist(field) for field in stored}
        if name in files and index.isdigit() and int(index) < len(files[name]):
            del files[name][int(index)]
        self.storage.set_step_files(step, files)
        self.forget_cached_steps()
        return redirect(self.request.get_full_path())

    def save_draft(self, step, form):
        self.store(step, form)
        services.save_draft(
            user=self.request.user,
            eform=self.eform,
            data=self.storage.data,
            current_step=step,
        )
        return redirect("eforms:saved", slug=self.eform.slug)

    def send(self):
        missing = self.first_incomplete_step()
        if missing:
            return redirect(self.get_step_url(missing))
        if not self.assisted_channel:
            refusal = throttles.consume(self.request, throttles.SEND)
            if refusal is not None:
                message = ngettext(
                    "You have sent too many forms in a short time. Try again in %(minutes)d "
                    "minute. Your answers have been kept.",
                    "You have sent too many forms in a short time. Try again in %(minutes)d "
                    "minutes. Your answers have been kept.",
                    refusal.minutes,
                ) % {"minutes": refusal.minutes}
                response = self.check_answers(error=message, status=429)
                response["Retry-After"] = str(refusal.retry_after)
                return response
        submission = services.Submission(
            eform=self.eform,
            definition=self.definition,
            cleaned_by_step={
                key: self.get_cleaned_data_for_step(key) for key in self.get_form_list()
            },
        )
        try:
            case = services.send_form(
                submission,
                user=self.request.user,
                submission_key=self.storage.extra_data["submission_key"],
                assisted_channel=self.assisted_channel,
            )
        except SlotUnavailable as error:
            return self.slot_taken(" ".join(error.messages))
        except ValidationError as error:
            return self.check_answers(error=" ".join(error.messages))
        if self.is_resident:
            services.delete_drafts(user=self.request.user, eform=self.eform)
            self.storage.protected_files = frozenset()
        payment = payment_for_case(case)
        bookings = bookings_for_case(case)
        mark_completed(
            self.request,
            self.eform.slug,
            case,
            assisted=self.assisted_channel,
            payment=payment,
            booking=bookings[0] if bookings else None,
        )
        end_assisted(self.request, self.eform.slug)
        self.storage.drop()
        if payment is not None and payment.state not in PAID_STATES:
            return redirect("eforms:pay", slug=self.eform.slug)
        return redirect("eforms:confirmation", slug=self.eform.slug)

    def slot_taken(self, message: str):
        """Someone else took the last place while this resident was sending: nothing was sent;
        back to the slot step with the error and the next dates, every other answer kept."""
        for key in self.get_form_list():
            if self.slot_question(key) is not None:
                self.storage.extra_data = {**self.storage.extra_data, SLOT_ERROR_KEY: message}
                return redirect(self.get_step_url(key))
        return self.check_answers(error=message)

    # --- Rendering ------------------------------------------------------------------------------

    def render(self, form=None, show_errors=False, **kwargs):
        step = self.definition.step(form.prefix)
        questions = form.question_contexts(show_errors=show_errors)
        # A slot step with nothing to choose (no round covers the address): no Continue.
        blocked = any(question.get("blocked") for question in questions)
        for question in questions:
            if question.get("address_step"):
                question["address_url"] = self.get_step_url(question["address_step"])
        context = self.page_context(
            form=form,
            step=step,
            questions=questions,
            blocked=blocked,
            errors=form.error_summary() if show_errors else [],
            heading=None if step.single_question else step.title,
            page_title=_("We do not collect from this address")
            if any(question.get("no_round") for question in questions)
            else step.single_question.label
            if step.single_question
            else step.title,
            back_url=self.back_url(step.key),
            can_save_draft=self.is_resident,
            is_multipart=form.is_multipart(),
            honeypot_field=HONEYPOT_FIELD,
        )
        return self.render_to_response(context)

    def back_url(self, step_key) -> str | None:
        if self.changing:
            return self.get_step_url(CHECK_STEP)
        previous = self.get_prev_step(step_key)
        if previous:
            return self.get_step_url(previous)
        return self.eform.get_absolute_url() if self.eform.intro else None


def _shown(wizard, step_key):
    return wizard.step_is_shown(step_key)


def _restorable(data: dict, file_storage) -> dict:
    """A draft's wizard data, without files that are no longer in the wizard's storage."""
    step_files = {}
    for step, fields in (data.get("step_files") or {}).items():
        step_files[step] = {}
        for name, entries in fields.items():
            kept = [
                entry
                for entry in (entries if isinstance(entries, list) else [entries])
                if file_storage.exists(entry["tmp_name"])
            ]
            if kept:
                step_files[step][name] = kept
    return {
        "step": data.get("step"),
        "step_data": dict(data.get("step_data") or {}),
        "step_files": step_files,
        "extra_data": dict(data.get("extra_data") or {}),
    }
