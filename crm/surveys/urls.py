"""The resident's side of the closure survey (one click from the email, no sign-in)."""

app_name = "surveys"
urlpatterns: list = []
