from django.urls import path

from .pay_views import pay, pay_return
from .views import CHECK_STEP, EFormWizardView
from .wizard_pages import confirmation, draft_saved

app_name = "eforms"

wizard = EFormWizardView.as_eform_view()

urlpatterns = [
    path("<slug:slug>/", wizard, name="start"),
    path(f"<slug:slug>/{CHECK_STEP}/", wizard, {"step": CHECK_STEP}, name="check"),
    path("<slug:slug>/confirmation/", confirmation, name="confirmation"),
    path("<slug:slug>/saved/", draft_saved, name="saved"),
    path("<slug:slug>/pay/", pay, name="pay"),
    path("<slug:slug>/pay/return/", pay_return, name="pay_return"),
    path("<slug:slug>/resume/<uuid:draft_uuid>/", wizard, name="resume"),
    path("<slug:slug>/<slug:step>/", wizard, name="step"),
]
