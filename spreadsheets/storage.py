"""Where an uploaded file waits between the import preview and its confirmation."""

import datetime
from uuid import uuid4

from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from spreadsheets.formats import FileFormatError
from spreadsheets.models import PendingUpload

PENDING_LIFETIME = datetime.timedelta(hours=1)


class UploadGone(FileFormatError):
    """The upload to confirm no longer exists: confirmed already, expired, purged by an
    erasure, or a name that never existed."""


class PendingUploadStorage(BaseStorage):
    """A database row, never /tmp, for one hour at most.

    The library's default writes the upload to /tmp and only deletes it on confirmation,
    so a previewed but abandoned file of personal data would stay on disk. A row is shared
    by every worker (the confirmation may reach another one), expires, and is purged when
    someone is erased (`purge_pending_uploads`).
    """

    def save(self, data) -> None:
        if not self.name:
            self.name = uuid4().hex
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        drop_expired_uploads()
        PendingUpload.objects.update_or_create(name=self.name, defaults={"data": data})

    def read(self):
        row = (
            PendingUpload.objects.filter(name=self.name, created_at__gte=_oldest_kept())
            .values_list("data", flat=True)
            .first()
        )
        if row is None:
            raise UploadGone(self.name)
        data = bytes(row)
        return data if "b" in (self.read_mode or "") else data.decode(self.encoding or "utf-8")

    def remove(self) -> None:
        PendingUpload.objects.filter(name=self.name).delete()


def read_preview(name: str) -> tuple[bytes, dict] | None:
    """The upload and its preview summary, if still kept (one query)."""
    row = (
        PendingUpload.objects.filter(name=name, created_at__gte=_oldest_kept())
        .filter(preview__isnull=False)
        .values_list("data", "preview")
        .first()
    )
    return None if row is None else (bytes(row[0]), row[1])


def keep_preview(name: str, summary: dict) -> None:
    PendingUpload.objects.filter(name=name).update(preview=summary)


def _oldest_kept() -> datetime.datetime:
    return timezone.now() - PENDING_LIFETIME


def drop_expired_uploads() -> int:
    return PendingUpload.objects.filter(created_at__lt=_oldest_kept()).delete()[0]


def purge_pending_uploads(**kwargs) -> int:
    """Drop every upload awaiting confirmation (called when a person is anonymised):
    an erased person may be in one; staff simply upload the file again."""
    return PendingUpload.objects.all().delete()[0]
