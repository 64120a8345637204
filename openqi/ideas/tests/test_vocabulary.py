"""Ideas are tagged with the shared quality domains (openqi.vocabulary), the same ones projects use."""

from openqi.ideas.forms import IdeaForm
from openqi.ideas.models import Idea
from openqi.vocabulary import Domain


def test_an_idea_packs_and_labels_its_domains_in_the_shared_order() -> None:
    idea = Idea(domains=Idea.pack_domains([Domain.PATIENT_CENTRED, "retired", Domain.SAFE]))
    assert idea.domain_list == ["safe", "patient_centred"]
    assert idea.domain_labels == ["Safe", "Patient-centred"]


def test_the_idea_form_offers_every_shared_domain() -> None:
    assert list(IdeaForm.base_fields["domains"].choices) == list(Domain.choices)
