"""The resident the browser tests sign in as, with a case of her own."""

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.cases.services import open_case
from tests.crm.factories import CaseTypeFactory, CustomerFactory, UserFactory
from tests.forms.uploads import JPEG_BYTES

EMAIL = "nia@example.com"
PASSWORD = "a-long-test-password"  # UserFactory's


def resident_with_case():
    """Nia Resident, signed up with a verified email address, and her pothole report with a
    photo attached. Returns the case."""
    user = UserFactory(email=EMAIL, first_name="Nia", last_name="Resident")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return open_case(
        case_type=CaseTypeFactory(name="Report a pothole"),
        answers=[{"question": "Where is it?", "answer": "Outside the library"}],
        customer=CustomerFactory(name="Nia Resident", email=EMAIL),
        attachments=[SimpleUploadedFile("photo.jpg", JPEG_BYTES, content_type="image/jpeg")],
    )
