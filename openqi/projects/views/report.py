"""The printable one-page project report: aim, team, driver diagram, measures with their icons,
PDSA timeline and learning. Print CSS lays it out on A4 without the navigation."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from openqi.accounts.http import AuthenticatedHttpRequest
from openqi.organisations.access import OrgAccess, org_view
from openqi.projects import selectors
from openqi.projects.extensions import project_panels
from openqi.projects.measure_refs import measure_evidence, measure_summaries
from openqi.projects.presenters import CycleSpan, DriverDiagramPresenter, PdsaTimelinePresenter
from openqi.projects.presenters.report import lessons, measure_lines
from openqi.projects.views.common import aim_of, page_context, project_for


@org_view("staff")
def project_report(request: AuthenticatedHttpRequest, access: OrgAccess, project_id: int) -> HttpResponse:
    pa = project_for(request, access, project_id)
    data = selectors.project_view_get(project_access=pa)
    links = data.links
    cycles = data.cycles
    # Only measures this reader may see, by the measures app's own rules; a partner organisation's
    # reader of a shared project sees the owning organisation's measures as labels only.
    summaries = measure_summaries(
        access=access,
        ref_ids=[link.ref_id for link in links if link.kind == "measure" and pa.is_owner],
    )
    spans = [CycleSpan(c.number, c.plan_when, c.completed_on, c.status, c.get_status_display()) for c in cycles]
    return render(
        request,
        "projects/project_report.jinja",
        page_context(
            pa,
            aim=aim_of(pa.project),
            members=data.members,
            outline=data.outline,
            diagram=DriverDiagramPresenter(aim=aim_of(pa.project), roots=data.outline).diagram(),
            measures=measure_lines(
                list(links), summaries, measure_evidence(access=access, links=list(links), readable=pa.is_owner)
            ),
            cycles=cycles,
            timeline=PdsaTimelinePresenter(cycles=spans, today=timezone.localdate()).timeline(),
            lessons=lessons(list(cycles)),
            printed_on=timezone.localdate(),
            panels=project_panels(pa),
        ),
    )
