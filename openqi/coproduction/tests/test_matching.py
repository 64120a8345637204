from openqi.coproduction.matching import score


def test_experience_counts_most_and_each_point_is_explained() -> None:
    match = score(
        wanted_experience=["carer", "cancer"],
        wanted_skills=["reading"],
        wanted_availability=["online", "weekend"],
        experience=["carer"],
        skills=["reading", "data"],
        availability=["online"],
        labels={"carer": "Caring for someone", "reading": "Reading leaflets", "online": "Online meetings"},
    )
    assert match.score == 3 + 2 + 1
    assert match.reasons == (
        "Experience of: caring for someone (+3)",
        "Can help with: reading leaflets (+2)",
        "Available: online meetings (+1)",
    )


def test_no_overlap_scores_nothing_and_gives_no_reason() -> None:
    match = score(
        wanted_experience=["carer"],
        wanted_skills=[],
        wanted_availability=[],
        experience=["maternity"],
        skills=["data"],
        availability=["weekend"],
        labels={},
    )
    assert match.score == 0
    assert match.reasons == ()
