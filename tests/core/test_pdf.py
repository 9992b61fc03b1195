"""The PDF renderer fetches only the app's own static and media files."""

import pytest

from core.pdf import BASE_URL, RefusedURL, local_path_for, render_pdf
from tests.loopback import RecordingHandler


def test_pdf_does_not_fetch_network_resources(loopback_server):
    html = (
        f'<p>Note</p><img src="{loopback_server}/logo.png">'
        f'<link rel="stylesheet" href="{loopback_server}/style.css">'
        f'<a rel="attachment" href="{loopback_server}/data.txt">pièce jointe</a>'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert RecordingHandler.hits == []
    assert b"SECRET-FROM-LOOPBACK" not in pdf


def test_pdf_does_not_embed_local_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-LOCAL-FILE")
    html = (
        f'<img src="file://{secret}"><link rel="attachment" href="file://{secret}">'
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
    )
    pdf = render_pdf(html)
    assert b"SECRET-LOCAL-FILE" not in pdf
    assert b"root:x:0" not in pdf


def test_pdf_uses_the_apps_own_stylesheet():
    html = '<link rel="stylesheet" href="/static/css/app.css"><h1>Rapport</h1>'
    assert render_pdf(html).startswith(b"%PDF")
    assert local_path_for(BASE_URL + "static/css/app.css").name == "app.css"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.2/static/css/app.css",
        BASE_URL + "static/../meltingcoop/settings.py",
        BASE_URL + "static/%2e%2e/meltingcoop/settings.py",
        BASE_URL + "media/../../meltingcoop/settings.py",
        BASE_URL + "media/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL + "etc/passwd",
        "file:///etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_static_and_media(url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(RefusedURL):
        local_path_for(url)


def test_fetcher_serves_an_uploaded_media_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    logo = tmp_path / "logos" / "logo.png"
    logo.write_bytes(b"\x89PNG")
    assert local_path_for(BASE_URL + "media/logos/logo.png") == logo
