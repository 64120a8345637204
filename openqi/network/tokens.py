"""Signed, expiring links emailed to a member: confirm your address, sign in, unsubscribe. Made and
read by the shared emailed-link sign-in (`openqi.organisations.email_link`). Nothing is stored; the
signature (SECRET_KEY, a salt per purpose) and the age limit are the whole check. A link names the
member and the email it was sent to, so one sent before the member left proves nothing afterwards."""

from openqi.organisations.email_link import SIGN_IN, VERIFY, EmailLinkTokens

__all__ = ["LINKS", "MAX_AGE", "SIGN_IN", "UNSUBSCRIBE", "VERIFY", "make", "read"]

UNSUBSCRIBE = "unsubscribe"  # in every update: works for as long as the member and address do
MAX_AGE: dict[str, int | None] = {VERIFY: 60 * 60 * 48, SIGN_IN: 60 * 60, UNSUBSCRIBE: None}
LINKS = EmailLinkTokens(namespace="network", id_key="m", max_age=MAX_AGE)


def make(*, member_id: int, email: str, purpose: str) -> str:
    return LINKS.make(person_id=member_id, email=email, purpose=purpose)


def read(token: str, *, purpose: str) -> tuple[int, str] | None:
    return LINKS.read(token, purpose=purpose)
