"""HTML to PDF with WeasyPrint: the only module that imports it.

WeasyPrint would fetch any URL the HTML names (http, file://...). Narrative text written
by staff ends up in that HTML, so resources are fetched by our own fetcher, which reads the
app's static and media files from disk and refuses everything else: no network, no file
outside them.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A fake origin: relative URLs in the report resolve against it, and only it is served.
BASE_URL = "https://report.meltingcoop.invalid/"


class RefusedURL(ValueError):
    """A resource outside the app's static and media files (WeasyPrint skips it)."""


def _within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def local_path_for(url: str) -> Path:
    """The file on disk behind a static or media URL of the report, or RefusedURL."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        raise RefusedURL(f"refused non-local resource: {parts.scheme}://{parts.netloc}")
    path = unquote(parts.path)
    static_prefix, media_prefix = (
        "/" + settings.STATIC_URL.strip("/") + "/",
        ("/" + settings.MEDIA_URL.strip("/") + "/"),
    )
    if path.startswith(static_prefix):
        relative = path.removeprefix(static_prefix)
        found = None if ".." in Path(relative).parts else finders.find(relative)
        if found:
            return Path(found)
    elif path.startswith(media_prefix):
        candidate = Path(settings.MEDIA_ROOT) / path.removeprefix(media_prefix)
        if _within(candidate, Path(settings.MEDIA_ROOT)) and candidate.is_file():
            return candidate
    raise RefusedURL("refused resource outside static and media files")


class LocalOnlyURLFetcher(URLFetcher):
    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("https", "data"), allow_redirects=False, **kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = local_path_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


# Tagged PDF for screen readers (structure tree, language, title from the HTML's <html
# lang> and <title>); the PDF/UA-1 metadata on top.
ACCESSIBLE = "pdf/ua-1"


def render_pdf(html: str, *, pdf_variant: str | None = ACCESSIBLE) -> bytes:
    """Render report HTML to PDF bytes, fetching only the app's own files. By default a
    tagged PDF/UA-1 document; `pdf_variant=None` gives an untagged one."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyURLFetcher())
    return document.write_pdf(pdf_variant=pdf_variant)
