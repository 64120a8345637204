"""The one emailed-link sign-in's tokens (ADR 0033): each app's links are its own, carry the
address they were sent to, expire per purpose, and survive the move to the shared helper."""

import pytest
from django.core import signing

from openqi.coproduction import tokens as coproduction_tokens
from openqi.network import tokens as network_tokens
from openqi.organisations.email_link import SIGN_IN, VERIFY, EmailLinkTokens

LINKS = EmailLinkTokens(namespace="example", id_key="x", max_age={VERIFY: 60, SIGN_IN: None})


def test_a_link_reads_back_its_person_and_address_for_its_purpose_only() -> None:
    token = LINKS.make(person_id=7, email="pat@example.org", purpose=VERIFY)
    assert LINKS.read(token, purpose=VERIFY) == (7, "pat@example.org")
    assert LINKS.read(token, purpose=SIGN_IN) is None
    assert LINKS.read(token + "x", purpose=VERIFY) is None


def test_an_unknown_purpose_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown link purpose"):
        LINKS.make(person_id=7, email="pat@example.org", purpose="unsubscribe")


def test_one_apps_link_is_not_anothers() -> None:
    token = network_tokens.make(member_id=3, email="pat@example.org", purpose=network_tokens.SIGN_IN)
    assert network_tokens.read(token, purpose=network_tokens.SIGN_IN) == (3, "pat@example.org")
    assert coproduction_tokens.read(token, purpose=coproduction_tokens.SIGN_IN) is None


@pytest.mark.parametrize(
    "payload",
    [{"x": True, "e": "a@b.c"}, {"x": "7", "e": "a@b.c"}, {"x": 7}, ["x", 7]],
    ids=["bool-id", "text-id", "no-email", "not-a-dict"],
)
def test_a_well_signed_but_malformed_link_proves_nothing(payload: object) -> None:
    token = signing.dumps(payload, salt="openqi.example.verify", compress=True)
    assert LINKS.read(token, purpose=VERIFY) is None


def test_links_sent_before_the_move_still_read() -> None:
    """The salts and payload keys are those the apps used before: links already in inboxes work."""
    old = signing.dumps({"v": 5, "e": "pat@example.org"}, salt="openqi.coproduction.sign-in", compress=True)
    assert coproduction_tokens.read(old, purpose=coproduction_tokens.SIGN_IN) == (5, "pat@example.org")
    old = signing.dumps({"m": 9, "e": "m@example.org"}, salt="openqi.network.unsubscribe", compress=True)
    assert network_tokens.read(old, purpose=network_tokens.UNSUBSCRIBE) == (9, "m@example.org")
