"""What a publication changes must show at once: the board's cached dashboard pages.

`reports.dashboard.dashboard_html` caches each page under
`reports:dashboard:html:v2:{year}:{today}:{min_group_size}:{language}` for
DASHBOARD_CACHE_SECONDS. Every page lists the editions, so publishing one makes them all
stale: `forget_dashboard_pages` deletes today's keys of every year and language, and
`bump_dashboard_cache_version` moves a version kept in the cache, for a key that includes
`dashboard_cache_version()` (then no key needs to be known here).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from governance.stats import min_group_size
from reports.dashboard import data_years

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


def dashboard_page_keys() -> list[str]:
    """Today's cache keys of the board's dashboard pages, every year and language."""
    today = timezone.localdate()
    years, _last = data_years(today)
    minimum = min_group_size()
    return [
        f"reports:dashboard:html:v2:{year}:{today.isoformat()}:{minimum}:{language}"
        for year in years
        for language, _name in settings.LANGUAGES
    ]


def forget_dashboard_pages() -> None:
    """Drop the cached dashboard pages now (after a publication commits)."""
    cache.delete_many(dashboard_page_keys())
    bump_dashboard_cache_version()
