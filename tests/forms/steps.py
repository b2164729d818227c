"""The three-step form (where, photos, your details) that the abuse and sending tests walk, and
how they post a step's answers."""

from tests.forms import factories as f


def where_photos_you_form(case_type, *, title, slug):
    return f.EFormFactory(
        title=title,
        slug=slug,
        case_type=case_type,
        steps=[
            f.step("where", "Where", f.long_text("where", "Where is it?", is_location=True)),
            f.step("photos", "Photos", f.upload(required=False, file_kinds=["jpeg"])),
            f.step("you", "Your details", f.short_text(prefill="name"), f.email(prefill="email")),
        ],
    )


def url(eform, step=""):
    return f"/forms/{eform.slug}/" + (f"{step}/" if step else "")


def answer(client, eform, step, answers=None, **extra):
    """Post a step's answers, named as the form names them ("where-where")."""
    data = {f"{step}-{name}": value for name, value in (answers or {}).items()}
    data.update(extra)
    return client.post(url(eform, step), data)
