"""The report commands' --output: written through a temporary file, never onto a device."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.commands import write_atomically


def test_output_replaces_the_file_in_one_step(tmp_path):
    target = tmp_path / "rapport.json"
    target.write_text("old")
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.json"]  # no temporary left


def test_a_device_is_refused_and_left_as_it_is(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(CommandError, match="pas un fichier ordinaire"):
        write_atomically(fifo, b"%PDF-")
    assert fifo.exists() and not fifo.is_file()


@pytest.mark.django_db
def test_annual_report_refuses_a_directory_as_output(tmp_path):
    with pytest.raises(CommandError, match="Impossible d'écrire --output"):
        call_command("annual_report", "2020", "--output", str(tmp_path))
