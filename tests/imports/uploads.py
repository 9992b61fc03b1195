"""The admin's import and export pages, driven as staff use them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entrepreneurs.resources import EntrepreneurResource

CSV = "reference;first_name;birth_year\nENT-0001;Awa;1980\nENT-0002;Bea;1985\n"


def upload(content: bytes | str, name: str = "entrepreneurs.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def preview(client, content, fmt: str = "0", name: str = "entrepreneurs.csv"):
    url = reverse("admin:entrepreneurs_entrepreneur_import")
    return client.post(url, {"import_file": upload(content, name), "format": fmt, "resource": "0"})


def export(client, fmt: str, query: str = "", headers: str | None = None) -> bytes:
    """The admin's export of the entrepreneurs; `headers` "codes" or "labels" (the default
    when not given, as when the form is posted without it)."""
    fields = {f"entrepreneurresource_{name}": "on" for name in EntrepreneurResource.columns()}
    if headers:
        fields["headers"] = headers
    url = reverse("admin:entrepreneurs_entrepreneur_export") + query
    response = client.post(url, {"format": fmt, "resource": "0", **fields})
    assert response.status_code == 200, response.content[:500]
    return response.content
