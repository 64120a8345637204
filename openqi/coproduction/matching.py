"""The shortlist's score: pure, so it is tested without a database and explained on the page.

A request names the lived experience that helps (service categories), the skills that help and
the availability it needs. Each match earns points and a reason in plain words; a person with no
match at all is still listed, last, because a lead may know better than the score."""

from collections.abc import Iterable
from dataclasses import dataclass, field

EXPERIENCE_POINTS = 3  # lived experience of the service matters most
SKILL_POINTS = 2
AVAILABILITY_POINTS = 1


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


def score(
    *,
    wanted_experience: Iterable[str],
    wanted_skills: Iterable[str],
    wanted_availability: Iterable[str],
    experience: Iterable[str],
    skills: Iterable[str],
    availability: Iterable[str],
    labels: dict[str, str],
) -> Match:
    """Points for each overlap, with a reason naming it (labels turn values into words)."""
    reasons: list[str] = []
    total = 0
    for wanted, has, points, what in (
        (wanted_experience, experience, EXPERIENCE_POINTS, "Experience of"),
        (wanted_skills, skills, SKILL_POINTS, "Can help with"),
        (wanted_availability, availability, AVAILABILITY_POINTS, "Available"),
    ):
        common = sorted(set(wanted) & set(has))
        if common:
            total += points * len(common)
            words = ", ".join(labels.get(value, value).lower() for value in common)
            reasons.append(f"{what}: {words} (+{points * len(common)})")
    return Match(score=total, reasons=tuple(reasons))
