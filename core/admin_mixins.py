"""What every domain ModelAdmin and inline mixes in: optimistic locking (core.locking) and
autocomplete widgets that survive crafted values (core.admin_guards)."""

from core.admin_guards import SafeAutocompleteMixin
from core.locking import OptimisticLockAdminMixin, OptimisticLockInlineMixin


class DomainAdminMixin(SafeAutocompleteMixin, OptimisticLockAdminMixin):
    """For the ModelAdmin of a record staff edit."""


class DomainInlineMixin(SafeAutocompleteMixin, OptimisticLockInlineMixin):
    """For an inline of records staff edit."""
