"""Benchmark the ideas pages over a large ICS: N ideas across 10 organisations.

Seeds the ideas with bulk_create, with their sentence vectors stored as production stores them
(WordLlama vectors of a few thousand distinct texts, embedded once and reused; the newest
anonymous ideas are left without one, as before the nightly batch). Then times, as a lead of the
first organisation, with SQL query counts:

- the ideas list, filtered and paginated (target 150 ms);
- an idea's page with its similar ideas, in the organisation and across the ICS (target 150 ms);
- the similar-idea check sent while people type (target 100 ms).

Each is timed cold (the first request of the process builds the organisation's and the system's
similarity index) and warm (best of several, different text each time for the check).

Usage: python benchmarks/ideas_bench.py [--ideas 100000] [--distinct 3000]
           [--database-url postgres://postgres@127.0.0.1:5432/DB]   (default: a throwaway SQLite file)
A PostgreSQL database given here is emptied first (migrations are rolled forward on it).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import time

from _setup import prepare_database, start_django

ORGANISATIONS = 10
SUBJECTS = """clock,call bell,discharge letter,handover sheet,drug round,night observation,bed board,
    medicines fridge,visiting time,patient leaflet,whiteboard,hand gel,name badge,water jug,
    hearing aid,walking frame,pressure mattress,blood test,pharmacy order,porter request,
    ward round,theatre list,outpatient letter,falls sensor,oxygen cylinder""".replace("\n", "").split(",")
PLACES = """side rooms,the ward,the emergency department,theatres,outpatients,the day unit,maternity,
    the children's ward,the discharge lounge,the community team""".replace("\n", "").split(",")
PROBLEMS = [
    "is often missing so patients wait",
    "takes too long and staff lose time",
    "is confusing for patients and relatives",
    "causes delays at the start of every shift",
    "is not checked at night so things get missed",
    "has to be chased by phone several times",
]
CHANGES = [
    "Keep a spare {s} in {p} and check it each morning",
    "Use a checklist for the {s} in {p}",
    "Move the {s} to the nurses' station in {p}",
    "Send a text reminder about the {s} for {p}",
    "Give one person the job of the {s} in {p} each shift",
    "Put a large sign about the {s} in {p}",
]


def _texts(rng: object, count: int) -> list[tuple[str, str, str]]:
    import numpy as np

    assert isinstance(rng, np.random.Generator)  # noqa: S101
    seen: set[tuple[str, str, str]] = set()
    while len(seen) < count:
        s = SUBJECTS[rng.integers(len(SUBJECTS))].strip()
        p = PLACES[rng.integers(len(PLACES))].strip()
        title = CHANGES[rng.integers(len(CHANGES))].format(s=s, p=p)
        problem = f"The {s} in {p} {PROBLEMS[rng.integers(len(PROBLEMS))]}."
        suggestion = f"{title}. {CHANGES[rng.integers(len(CHANGES))].format(s=s, p=p)}."
        seen.add((title[:150], problem, suggestion))
    return sorted(seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=3000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--reuse", action="store_true", help="time the ideas already seeded by an earlier run")
    args = parser.parse_args()
    # One BLAS thread, as a web worker runs (openqi/__init__.py sets it too): see docs/ideas.md.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    start_django(name="ideas", database_url=args.database_url, queue_tasks=True)
    from django.core.management import call_command

    if args.database_url and not args.reuse:
        prepare_database(table="ideas_idea")
    import numpy as np
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openqi.accounts.models import User
    from openqi.core.similarity import default_embedder, vector_to_bytes
    from openqi.ideas.models import Idea, IdeaEmbedding, IdeaEvent, IdeaSupport, Identity, Status
    from openqi.organisations.models import Membership, Organisation, System

    call_command("migrate", verbosity=0)
    rng = np.random.default_rng(20261123)
    t0 = time.perf_counter()
    texts = _texts(rng, args.distinct)
    embedder = default_embedder()
    vectors = embedder.embed([f"{t} {t} {p} {s}" for t, p, s in texts]) if embedder else None
    print(f"embedded {len(texts)} distinct texts in {time.perf_counter() - t0:.2f} s ({embedder and embedder.name})")

    reuse = args.reuse and Idea.objects.exists()
    if reuse:
        organisations = list(Organisation.objects.filter(slug__startswith="bench-").order_by("id"))
        lead = User.objects.get(email="person0-0@bench.nhs.uk")
        ideas = list(Idea.objects.order_by("id").only("id", "organisation_id"))
        print(f"reusing {len(ideas)} ideas seeded earlier")
    else:
        t0 = time.perf_counter()
        system = System.objects.create(name="Bench ICS", slug="bench-ics")
        organisations = [
            Organisation.objects.create(system=system, name=f"Bench Trust {i}", slug=f"bench-{i}")
            for i in range(ORGANISATIONS)
        ]
        users_per_org = 50
        users = User.objects.bulk_create(
            [
                User(email=f"person{o}-{u}@bench.nhs.uk", full_name=f"Person {o}-{u}")
                for o in range(ORGANISATIONS)
                for u in range(users_per_org)
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=users[o * users_per_org + u], organisation=organisations[o], role="lead" if u == 0 else "staff"
                )
                for o in range(ORGANISATIONS)
                for u in range(users_per_org)
            ]
        )
        lead = users[0]
        lead.set_password("bench-password-123")
        lead.save()
        statuses = [s.value for s in Status]
        weights = np.array([30, 15, 5, 20, 10, 15, 5], dtype=float)
        today = datetime.date(2026, 11, 23)
        n = args.ideas
        status_of = rng.choice(statuses, size=n, p=weights / weights.sum())
        identity_of = rng.choice(["named", "anonymous", "qi_team"], size=n, p=[0.7, 0.2, 0.1])
        text_of = rng.integers(len(texts), size=n)
        age_of = rng.integers(0, 3 * 365, size=n)
        ideas = []
        for i in range(n):
            o = i % ORGANISATIONS
            title, problem, suggestion = texts[text_of[i]]
            anonymous = identity_of[i] == Identity.ANONYMOUS
            shared_on = today - datetime.timedelta(days=int(age_of[i]))
            status = str(status_of[i])
            ideas.append(
                Idea(
                    organisation=organisations[o],
                    title=title,
                    problem=problem,
                    suggestion=suggestion,
                    identity=str(identity_of[i]),
                    submitted_by=None if anonymous else users[o * users_per_org + int(rng.integers(users_per_org))],
                    submitted_on=shared_on,
                    follow_up_hash=f"{i:064x}" if anonymous else "",
                    status=status,
                    accepted_as="will_do" if status == Status.ACCEPTED else "",
                    public_answer="We did it." if status == Status.IMPLEMENTED and i % 2 else "",
                    answered_on=shared_on + datetime.timedelta(days=30)
                    if status == Status.IMPLEMENTED and i % 2
                    else None,
                )
            )
        Idea.objects.bulk_create(ideas, batch_size=5000)
        ideas = list(Idea.objects.order_by("id"))
        # The newest anonymous ideas wait for the nightly batch: no stored vector yet.
        waiting = {
            idea.pk
            for idea in ideas
            if idea.identity == Identity.ANONYMOUS and idea.submitted_on >= today - datetime.timedelta(days=7)
        }
        if vectors is not None:
            IdeaEmbedding.objects.bulk_create(
                [
                    IdeaEmbedding(idea=idea, model_name=embedder.name, vector=vector_to_bytes(vectors[text_of[k]]))  # type: ignore[union-attr]
                    for k, idea in enumerate(ideas)
                    if idea.pk not in waiting
                ],
                batch_size=5000,
            )
        events = []
        for k, idea in enumerate(ideas):
            events.append(IdeaEvent(idea=idea, kind="submitted", status="submitted", created_on=idea.submitted_on))
            if idea.status != Status.SUBMITTED:
                events.append(
                    IdeaEvent(
                        idea=idea,
                        kind="status",
                        status=idea.status,
                        created_on=idea.submitted_on + datetime.timedelta(days=int(k % 20)),
                    )
                )
        IdeaEvent.objects.bulk_create(events, batch_size=5000)
        IdeaSupport.objects.bulk_create(
            [
                IdeaSupport(idea=idea, user=users[(k % ORGANISATIONS) * users_per_org + 1 + k % (users_per_org - 1)])
                for k, idea in enumerate(ideas)
                if k % 2
            ],
            batch_size=5000,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # as autovacuum keeps a live database
        print(f"seeded {n} ideas in {ORGANISATIONS} organisations in {time.perf_counter() - t0:.2f} s")

    client = Client()
    client.force_login(lead)
    org = organisations[0].slug
    own = [idea for idea in ideas if idea.organisation_id == organisations[0].pk]

    def timed(label: str, method: str, url: str, target: float, repeat: int = 7, **kwargs: object) -> None:
        times: list[float] = []
        queries = 0
        for r in range(repeat):
            t = time.perf_counter()
            with CaptureQueriesContext(connection) as q:
                response = getattr(client, method)(url(r) if callable(url) else url, **kwargs)
            times.append(time.perf_counter() - t)
            queries = len(q)
            assert response.status_code == 200, (label, response.status_code)  # noqa: S101
        cold, warm = times[0] * 1000, min(times[1:]) * 1000
        median = statistics.median(times[1:]) * 1000
        verdict = "meets" if median <= target else "MISSES"
        print(
            f"{label}: first {cold:.0f} ms, then best {warm:.0f} ms, median {median:.0f} ms "
            f"({verdict} the {target:.0f} ms target), {queries} SQL queries"
        )

    timed("ideas list, page 1", "get", f"/o/{org}/ideas/", 150)
    timed("ideas list, status + search, page 3", "get", f"/o/{org}/ideas/?status=accepted&q=clock&page=3", 150)
    timed("idea page with similar ideas (organisation and ICS)", "get", lambda r: f"/o/{org}/ideas/{own[r].pk}/", 150)
    drafts = [texts[int(k)] for k in rng.integers(len(texts), size=8)]
    timed(
        "similar-idea check while typing",
        "post",
        lambda r: f"/o/{org}/ideas/new/",
        100,
        repeat=8,
        data={"action": "check", "title": drafts[0][0], "problem": drafts[0][1], "suggestion": ""},
        headers={"X-Requested-With": "fetch"},
    )
    typed = []
    for title, problem, _ in drafts:
        t = time.perf_counter()
        client.post(
            f"/o/{org}/ideas/new/",
            {"action": "check", "title": title, "problem": problem[: len(problem) // 2], "suggestion": ""},
            headers={"X-Requested-With": "fetch"},
        )
        typed.append(time.perf_counter() - t)
    print(f"similar-idea check, 8 different drafts: median {statistics.median(typed) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
