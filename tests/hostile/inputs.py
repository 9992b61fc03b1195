"""The hostile inputs and helpers the hostile suite's modules share."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from entrepreneurs.models import Entrepreneur
from events.models import Event
from governance.models import Organisation
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.privacy.admin_forms import change_form_post_data

NUL = "Awa\x00Diop"
RTL = "\u202eAwa Diop"  # right-to-left override: « poiD awA » on screen
ZERO_WIDTH = "A\u200bw\u200ca\ufeff"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE entrepreneurs_entrepreneur;--"
LONG = "x" * 10_000


def form_errors(response) -> dict:
    """The admin form's errors by field, inline forms' included (`prefix-n-field`)."""
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    context = response.context
    errors = dict(context["adminform"].form.errors)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.non_form_errors():
            errors[f"{formset.prefix}-__all__"] = formset.non_form_errors()
        for form in formset.forms:
            errors.update({f"{form.prefix}-{name}": e for name, e in form.errors.items()})
    return errors


def add_form_data(client, model_name: str, obj) -> dict:
    """What a browser would post to add a copy of `obj` (read from its change page)."""
    page = client.get(reverse(f"admin:{model_name}_change", args=[obj.pk]))
    data = change_form_post_data(page)
    return {key: value for key, value in data.items() if value != "[]"}


ENTREPRENEUR = "entrepreneurs_entrepreneur"


EVENT = "events_event"


ORGANISATION = "governance_organisation"


FACTORIES = {ENTREPRENEUR: EntrepreneurFactory, EVENT: EventFactory, ORGANISATION: lambda: None}


MODELS = {ENTREPRENEUR: Entrepreneur, EVENT: Event, ORGANISATION: Organisation}


def admin_add_data(client, model_name: str) -> dict:
    if model_name == ORGANISATION:
        return {"name": "CAE Clara", "kind": "cooperative", **empty_formset("partnerships")}
    data = add_form_data(client, model_name, FACTORIES[model_name]())
    data["reference"] = "NEW-0001"
    return data


def empty_formset(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def png(size: tuple[int, int] = (4, 4), padding: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue() + b"\0" * padding


def admin_preview(client, content: bytes, name: str = "entrepreneurs.csv", fmt: str = "0"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    url = reverse("admin:entrepreneurs_entrepreneur_import")
    return client.post(url, {"import_file": upload, "format": fmt, "resource": "0"})
