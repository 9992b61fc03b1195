"""Checks every domain admin module's tests run on each of its changelists."""

from django.urls import reverse


def check_changelist_queries(client, assert_num_queries, app_label, changelists, name, rows):
    """The changelist of `name` lists `rows` rows in the pinned number of queries."""
    make_row, queries = changelists[name]
    for i in range(rows):
        make_row(i)
    with assert_num_queries(queries):
        response = client.get(reverse(f"admin:{app_label}_{name}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


def check_add_form_opens(client, app_label, name) -> None:
    response = client.get(reverse(f"admin:{app_label}_{name}_add"))
    assert response.status_code == 200
    assert "Enregistrer" in response.content.decode()


def check_board_refused(client, app_label, name) -> None:
    url = reverse(f"admin:{app_label}_{name}_changelist")
    assert client.get(url, follow=True).status_code == 403
