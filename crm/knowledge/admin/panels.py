"""The two sections this app adds to a staff case page (through `CASE_PANELS_HOOK`):
"Knowledge base" (the live articles linked to the case's type) and "Reply with a canned reply"
(pick a reply, see it filled in for this case, edit it, send it)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from crm.cases.admin.case_views import case_url

from ..selectors import articles_for_case_type, replies_for_case
from ..services import reply_text_for_case
from .forms import PICK_PARAM, SEND_FORM_KEY, PickReplyForm, SendReplyForm


def knowledge_panel(request, case, errors: dict) -> SafeString:
    return render_to_string(
        "knowledge/admin/case_articles_panel.html",
        {
            "case": case,
            "articles": list(articles_for_case_type(case.case_type_id)),
            "search_url": reverse("knowledge_admin:search"),
        },
        request=request,
    )


def canned_reply_panel(request, case, errors: dict) -> SafeString:
    replies = list(replies_for_case(case))
    send_form = errors.get(SEND_FORM_KEY)  # a refused send: the typed text and its error
    if send_form is not None:
        picked_id = send_form.data.get(send_form.add_prefix("reply"), "")
        pick_form = PickReplyForm(case=case, replies=replies, initial={PICK_PARAM: picked_id})
    elif PICK_PARAM in request.GET:
        pick_form = PickReplyForm(request.GET, case=case, replies=replies)
        if pick_form.is_valid():
            reply = pick_form.reply
            send_form = SendReplyForm(
                case=case,
                prefix=SEND_FORM_KEY,
                initial={
                    "reply": reply.pk,
                    "text": reply_text_for_case(reply, case, officer=request.user),
                },
            )
            send_form.canned_reply = reply
    else:
        pick_form = PickReplyForm(case=case, replies=replies)
    if not replies and send_form is None and not pick_form.errors:
        pick_form = None
    return render_to_string(
        "knowledge/admin/case_reply_panel.html",
        {
            "case": case,
            "pick_form": pick_form,
            "send_form": send_form,
            "page_url": case_url(case),
            "send_url": reverse("knowledge_admin:send_reply", kwargs={"case_uuid": case.uuid}),
        },
        request=request,
    )
