"""The resident's side of the closure survey (one click from the email, no sign-in)."""

from django.urls import path, re_path

from . import views

app_name = "surveys"
urlpatterns = [
    path("<str:token>/", views.survey, name="survey"),
    path("<str:token>/thanks/", views.thanks, name="thanks"),
    # Any whole number reaches the view, so one outside 1 to 5 gets a page that says so.
    re_path(r"^(?P<token>[^/]+)/(?P<score>-?[0-9]{1,6})/$", views.survey_score, name="score"),
]
