"""Login lockout rules (django-axes handler, settings.AXES_HANDLER).

* Per account, across addresses: AXES_FAILURE_LIMIT wrong passwords for one user name within
  the cool-off (15 minutes by default) lock that account for the cool-off, from every address.
  It is a delay, never permanent, and attempts during the lock do not extend it.
* Per address: LOGIN_ADDRESS_FAILURE_LIMIT failures from one client address within the cool-off
  lock that address for every account — so one attacker cannot try a few passwords on each of
  many accounts, and cannot lock more than a few accounts before being stopped. The address is
  the real client's (fengqiao.core.client_address), never a trusted proxy's, so an attacker
  behind the court's proxy does not lock everyone else out.
* A successful login clears that account's failures only; the address keeps its count (else one
  own valid account would let an attacker reset the address limit at will).
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AccountAndAddressLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        attempts = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_account = _failures(attempts.filter(username=get_client_username(request, credentials)))
        address = getattr(request, "axes_ip_address", None)
        if address is not None:
            by_address = _failures(attempts.filter(ip_address=address))
            if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
                # Reported on the account's scale so axes' single limit locks the request.
                return max(by_account, get_failure_limit(request, credentials))
        return by_account

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
