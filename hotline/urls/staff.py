from django.urls import path

from hotline.views.staff import (
    calls,
    case_list,
    cases,
    contacts,
    counts,
    crisis,
    petition,
    petition_visits,
    roster,
    swaps,
)

app_name = "hotline"

urlpatterns = [
    path("", roster.line_list, name="lines"),
    path("petition-visits/", petition_visits.visit_list, name="petition_visits"),
    path("<uuid:line>/", calls.desk, name="desk"),
    path("<uuid:line>/calls/new/", calls.call_new, name="call_new"),
    path("<uuid:line>/calls/<uuid:call>/", calls.call_edit, name="call"),
    path("<uuid:line>/calls/<uuid:call>/draft/", calls.call_autosave, name="call_autosave"),
    path("<uuid:line>/calls/<uuid:call>/discard/", calls.call_discard, name="call_discard"),
    path("<uuid:line>/calls/<uuid:call>/number/", calls.caller_reveal, name="call_number"),
    path("<uuid:line>/calls/<uuid:call>/case/", cases.case_new, name="case_new"),
    path("<uuid:line>/cases/", case_list.case_list, name="case_list"),
    path("<uuid:line>/cases/<uuid:case>/owner/", case_list.case_owner, name="case_owner"),
    path("<uuid:line>/cases/<uuid:case>/", cases.case_detail, name="case"),
    path("<uuid:line>/cases/<uuid:case>/<slug:action>/", cases.case_act, name="case_act"),
    path("contacts/", contacts.contact_queue, name="queue"),
    path("counts/", counts.counts, name="counts"),
    path("contacts/<uuid:contact>/number/", contacts.contact_reveal, name="contact_number"),
    path("contacts/<uuid:contact>/<slug:action>/", contacts.contact_act, name="contact_act"),
    path("crisis/alerts/", crisis.crisis_alerts, name="crisis_alerts"),
    path("crisis/<uuid:incident>/", crisis.crisis_detail, name="crisis"),
    path("crisis/<uuid:incident>/<slug:action>/", crisis.crisis_act, name="crisis_act"),
    path("<uuid:line>/roster/", roster.roster, name="roster"),
    path("<uuid:line>/board/", roster.board, name="board"),
    path("<uuid:line>/petition/", petition.desk, name="petition"),
    path("<uuid:line>/petition/<uuid:visit>/", petition.visit, name="petition_visit"),
    path("<uuid:line>/petition/<uuid:visit>/edit/", petition.visit_edit, name="petition_edit"),
    path(
        "<uuid:line>/petition/<uuid:visit>/legal-aid/",
        petition.legal_aid,
        name="petition_legal_aid",
    ),
    path("<uuid:line>/shifts/cancel/", roster.shift_cancel, name="shift_cancel"),
    path("<uuid:line>/swaps/new/", swaps.swap_new, name="swap_new"),
    path("swaps/<uuid:swap>/<slug:action>/", swaps.swap_act, name="swap_act"),
]
