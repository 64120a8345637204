"""Parameters shared by every operation."""

import datetime
import re
from typing import Annotated, Any

from ninja import Field, Path
from pydantic import BeforeValidator

# Declared as a path parameter on each operation: the routers are mounted under
# /o/{org_slug}/, and ninja reads only an operation's own path for its parameters.
OrgSlug = Annotated[str, Path(description="The organisation's short name, as in its web address /o/<slug>/.")]

# Ids are 64-bit (BigAutoField). A larger number can name nothing, and the database driver refuses
# to bind it (SQLite raises OverflowError), so the document says so and validation answers 422.
MAX_ID = 2**63 - 1
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="An id, as listed by this API.")]


def IdField(description: str = "", **kwargs: Any) -> Any:
    """An optional id in a query or a body: a positive 64-bit integer, or absent."""
    return Field(None, ge=1, le=MAX_ID, description=description, **kwargs)


def _iso_date(value: Any) -> Any:
    """A date in a query as the document says, `YYYY-MM-DD`: pydantic would also take a number of
    seconds since 1970 ("0" is 1 January 1970), which no reader means."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("Write the date as YYYY-MM-DD")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
QueryDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
