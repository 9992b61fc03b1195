from django.urls import reverse


def test_pages_are_french_even_for_an_english_browser(client, db):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert "Connexion" in response.content.decode()


def test_a_person_can_choose_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("account_login"))
    assert response["Content-Language"] == "en"


def test_an_unknown_language_cookie_falls_back_to_french(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(reverse("account_login"))["Content-Language"] == "fr"
