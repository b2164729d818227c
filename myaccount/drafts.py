"""The resident's saved eForm drafts, from the forms app, shaped for the dashboard.

`forms.selectors.drafts_for_user(user)` gives the drafts, most recently saved first; each has
`form.title`, `updated_at`, `resume_url` and `expires_at` (when the draft will be deleted).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser

from forms.selectors import drafts_for_user


@dataclass(frozen=True)
class DraftSummary:
    title: str
    resume_url: str
    updated_at: datetime | None = None
    expires_at: datetime | None = None

    @classmethod
    def from_draft(cls, draft) -> "DraftSummary":
        form = getattr(draft, "form", None)
        return cls(
            title=str(getattr(form, "title", "") or getattr(draft, "title", "") or form or draft),
            resume_url=draft.resume_url,
            updated_at=getattr(draft, "updated_at", None),
            expires_at=getattr(draft, "expires_at", None),
        )


def saved_drafts(user: AbstractBaseUser) -> list[DraftSummary]:
    return [DraftSummary.from_draft(draft) for draft in drafts_for_user(user)]
