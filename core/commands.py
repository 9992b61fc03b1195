"""What the report commands share: their content to stdout, or to `--output FILE` written
through a temporary file, so a failure never leaves FILE half written."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def emit(command: BaseCommand, content: str | bytes, output: str | Path | None) -> bool:
    """Write `content` to `output`, or to the command's stdout when None; True if a file
    was written (the caller then says so)."""
    if output is None:
        if isinstance(content, bytes):
            command.stdout.flush()
            getattr(command.stdout._out, "buffer", command.stdout._out).write(content)
        else:
            command.stdout.write(content, ending="")
        return False
    write_atomically(Path(output), content)
    return True


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` by renaming a temporary file onto it. A device, a
    directory or anything but a regular file is refused: renaming onto /dev/null would
    replace the device itself."""
    if path.exists() and not path.is_file():
        raise _write_error(path, OSError(_("ce n'est pas un fichier ordinaire")))
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(path, error) from error


def _write_error(path: Path, error: OSError) -> CommandError:
    return CommandError(
        _("Impossible d'écrire --output %(file)s : %(error)s")
        % {"file": path, "error": error.strerror or error}
    )
