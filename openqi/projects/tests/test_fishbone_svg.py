"""The fishbone diagram's geometry: head on the right, three bones above and three below."""

from openqi.projects.presenters.fishbone import LABEL_SPACE, REGION_WIDTH, ROW, SLANT, FishbonePresenter, shorten


def test_the_head_sits_at_the_end_of_the_spine_and_bones_split_above_and_below() -> None:
    d = FishbonePresenter(problem="Falls at night on Ward 9", causes=[]).diagram()
    spine_y = LABEL_SPACE + 3 * ROW  # two empty rows at least, plus one
    assert d.spine == f"M 10 {spine_y} H {3 * REGION_WIDTH + 10}"
    assert d.head_x == 3 * REGION_WIDTH + 10 and d.head_y == spine_y - 45
    assert [b.label for b in d.bones] == [
        "People",
        "Methods",
        "Equipment",
        "Environment",
        "Materials and supplies",
        "Measurement",
    ]
    people, environment = d.bones[0], d.bones[3]
    assert people.path == f"M {REGION_WIDTH - 10 - SLANT} {LABEL_SPACE} L {REGION_WIDTH - 10} {spine_y}"
    assert environment.path == f"M {REGION_WIDTH - 10 - SLANT} {spine_y + 3 * ROW} L {REGION_WIDTH - 10} {spine_y}"
    assert d.head_lines == ("Falls at night on Ward 9",)


def test_causes_sit_along_their_bone_and_the_diagram_grows_to_fit() -> None:
    causes = [("methods", f"Cause {n}") for n in range(4)] + [("measurement", "No data at weekends")]
    d = FishbonePresenter(problem="P", causes=causes).diagram()
    methods = d.bones[1]
    assert [m.text for m in methods.causes] == ["Cause 0", "Cause 1", "Cause 2", "Cause 3"]
    spine_y = LABEL_SPACE + 5 * ROW
    first = methods.causes[0]
    assert first.y == LABEL_SPACE + ROW + 4
    # each tick ends on the bone, which slants from its label back to the spine
    far_x = 2 * REGION_WIDTH - 10 - SLANT
    bone_x = far_x + SLANT * ROW / (spine_y - LABEL_SPACE)
    assert first.tick == f"M {bone_x - 10:g} {LABEL_SPACE + ROW} H {bone_x:g}"
    assert d.height == spine_y + 3 * ROW + LABEL_SPACE + 4


def test_long_causes_and_problems_are_shortened_for_the_drawing_only() -> None:
    assert shorten("x" * 40) == "x" * 29 + "…"
    d = FishbonePresenter(problem="word " * 40, causes=[]).diagram()
    assert len(d.head_lines) == 4 and d.head_lines[-1].endswith("…")
