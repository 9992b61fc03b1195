"""What a publication changes must show at once: the board's cached dashboard pages.

`reports.dashboard.dashboard_html` caches each page under a key that includes
`dashboard_cache_version()`. Every page lists the editions, so publishing one makes them
all stale: `forget_dashboard_pages` moves the version, and no old key is read again.
"""

from django.core.cache import cache

VERSION_KEY = "reports:dashboard:version"


def dashboard_cache_version() -> int:
    """The current version of the cached dashboard pages (1 until the first bump)."""
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def bump_dashboard_cache_version() -> int:
    """Make every dashboard page cached so far stale (keys built with the version)."""
    try:
        return cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, timeout=None)
        return 2


def forget_dashboard_pages() -> None:
    """Drop the cached dashboard pages now (after a publication commits)."""
    bump_dashboard_cache_version()
