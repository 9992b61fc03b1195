"""Where an uploaded file waits between the import preview and its confirmation."""

from import_export.tmp_storages import CacheStorage


class ShortLivedCacheStorage(CacheStorage):
    """The shared cache (database or Redis), never /tmp, and for one hour only.

    The library's default writes the upload to /tmp and only deletes it on confirmation,
    so a previewed but abandoned file of personal data would stay on disk. The cache is
    shared by every worker (the confirmation may reach another one), and expires.
    """

    CACHE_LIFETIME = 60 * 60
    CACHE_PREFIX = "meltingcoop-import-"
