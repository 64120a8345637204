"""The demo ICS for `seed_demo`: two trusts, their teams and the demo accounts everything else uses."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from openqi.accounts.models import User
from openqi.organisations.models import Membership, Organisation, Role, System, SystemMembership, SystemRole, Team

DEMO_PASSWORD = "openqi-demo"  # noqa: S105  (public demo credential, demo mode only)

TEAMS = {
    "northfield": {
        "Medicine": ["Ward 7 (Acute Medicine)", "Ward 9 (Elderly Care)", "Emergency Department"],
        "Surgery": ["Theatres", "Ward 3 (Orthopaedics)"],
        "Women and Children": ["Maternity", "Neonatal Unit"],
    },
    "riverside": {
        "Community Services": ["District Nursing North", "District Nursing South"],
        "Mental Health": ["Crisis Team", "Talking Therapies"],
    },
}

PEOPLE = [
    ("lead@northfield.example", "Leah Lead", "northfield", Role.LEAD, "Medicine"),
    ("staff@northfield.example", "Sam Staff", "northfield", Role.STAFF, "Ward 7 (Acute Medicine)"),
    ("partner@northfield.example", "Pat Partner", "northfield", Role.PARTNER, None),
    ("lead@riverside.example", "Rowan Lead", "riverside", Role.LEAD, "Community Services"),
]


@dataclass(frozen=True)
class DemoOrganisations:
    system: System
    orgs: dict[str, Organisation]
    teams: dict[str, dict[str, Team]]


def seed_organisations() -> DemoOrganisations:
    system, _ = System.objects.get_or_create(slug="north-riverside", defaults={"name": "North Riverside ICS"})
    orgs = {
        "northfield": _org(system, "northfield", "Northfield Hospitals NHS Foundation Trust", "RNF"),
        "riverside": _org(system, "riverside", "Riverside Community Health NHS Trust", "RRC"),
    }
    teams: dict[str, dict[str, Team]] = {}
    for slug, directorates in TEAMS.items():
        teams[slug] = {}
        for parent_name, children in directorates.items():
            parent, _ = Team.objects.get_or_create(organisation=orgs[slug], parent=None, name=parent_name)
            teams[slug][parent_name] = parent
            for child in children:
                teams[slug][child], _ = Team.objects.get_or_create(organisation=orgs[slug], parent=parent, name=child)

    admin = demo_user("admin@openqi.example", "Alex Admin")
    SystemMembership.objects.get_or_create(user=admin, system=system, role=SystemRole.SYSTEM_ADMIN)
    for email, name, org_slug, role, team_name in PEOPLE:
        user = demo_user(email, name)
        Membership.objects.get_or_create(
            user=user,
            organisation=orgs[org_slug],
            defaults={"role": role, "team": teams[org_slug].get(team_name) if team_name else None},
        )
    # The Northfield lead also coaches across the ICS, so they can switch organisation.
    lead = User.objects.get(email="lead@northfield.example")
    Membership.objects.get_or_create(user=lead, organisation=orgs["riverside"], defaults={"role": Role.QI_COACH})
    return DemoOrganisations(system=system, orgs=orgs, teams=teams)


def demo_user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _org(system: System, slug: str, name: str, ods: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name, "system": system, "ods_code": ods})
    return org
