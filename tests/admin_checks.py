"""Checks every domain admin module's tests run on each of its changelists."""

from django.urls import reverse

# What any admin page costs a logged-in staff member: session, user, the user's permissions,
# the user's group permissions. (Shared by every app's admin tests: a middleware that adds
# a query per request changes this one number.)
REQUEST_QUERIES = 4
# Every changelist then runs: the filtered count, the unfiltered count, the page of rows
# (foreign keys joined, counts annotated).
CHANGELIST_QUERIES = REQUEST_QUERIES + 3


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
