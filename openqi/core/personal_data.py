"""What each app holds about one person: the registry behind subject access and erasure (UK GDPR).

Each app that stores data about a person describes it in its own `privacy.py`, which registers
one handler here when it is imported:

    personal_data.register(app="ideas", export=export_personal_data, erase=erase_personal_data)

- `export(*, user)` returns a JSON-serialisable dict of everything the app holds about `user`.
- `erase(*, user, pseudonym)` removes the person's data or de-identifies it in place, keeping
  records that others rely on (an idea's history, a project's PDSA cycles, the audit trail),
  and returns how many rows of each kind it changed.

Neither may read or write anonymous records (anonymous ideas, check-ins, survey responses):
they hold no link to a person, so they are nobody's personal data (ADR 0006, ADR 0007).

The registry lives in `core` so that every app, low or high, can register without importing
the privacy feature (`openqi.privacy`), and the feature imports no app: it finds handlers by
importing each installed app's `privacy` module, as the Django admin finds `admin` modules.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

Export = Callable[..., dict[str, Any]]
Erase = Callable[..., dict[str, int]]

# Erasure runs in this order, lowest first; the account itself goes last, after every app has
# let go of it.
ORDER_DEFAULT = 100
ORDER_ACCOUNT = 1000


@dataclass(frozen=True)
class PersonalDataHandler:
    app: str
    export: Export
    erase: Erase
    order: int = ORDER_DEFAULT


_handlers: dict[str, PersonalDataHandler] = {}


def register(*, app: str, export: Export, erase: Erase, order: int = ORDER_DEFAULT) -> None:
    """Register an app's handler; registering the same app again replaces it (module reloads)."""
    _handlers[app] = PersonalDataHandler(app=app, export=export, erase=erase, order=order)


def handlers() -> list[PersonalDataHandler]:
    """Every registered handler, in erasure order. Imports each installed app's `privacy` module."""
    autodiscover_modules("privacy")
    return sorted(_handlers.values(), key=lambda handler: (handler.order, handler.app))
