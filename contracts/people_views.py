"""Pages about the people of contracts: a contract's coordination (corrected, ended), the people
page (who takes part in which contract, last login, invitation waiting), and what it lets one
do: resend or cancel an invitation, deactivate an account."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from actors import services as actor_services
from contracts import access, coordination
from contracts.forms import CoordinationEndForm, CoordinationForm, MemberForm
from contracts.people import people_of
from contracts.views import submit_form

PEOPLE_PER_PAGE = 50


def _assignment(contract, pk):
    return get_object_or_404(contract.coordinator_assignments.select_related("person"), pk=pk)


def coordination_edit(request, pk: int, assignment_pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    assignment = _assignment(contract, assignment_pk)
    initial = {
        "started_on": assignment.started_on,
        "ended_on": assignment.ended_on,
        "fte": assignment.fte,
        "funders": list(assignment.funders.all()),
        "funding_notes": assignment.funding_notes,
    }
    return submit_form(
        request,
        CoordinationForm(request.POST or None, contract=contract, initial=initial),
        lambda data: coordination.coordination_correct(assignment=assignment, **data),
        success_message=f"La coordination de {assignment.person} a été corrigée.",
        success_url=contract.get_absolute_url(),
        title=f"Corriger la coordination de {assignment.person}",
        contract=contract,
        cancel_url=contract.get_absolute_url(),
    )


def coordination_end_view(request, pk: int, assignment_pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    assignment = _assignment(contract, assignment_pk)
    return submit_form(
        request,
        CoordinationEndForm(request.POST or None, initial={"ended_on": timezone.localdate()}),
        lambda data: coordination.coordination_end(assignment=assignment, **data),
        success_message=f"La mission de {assignment.person} prend fin ; la personne en est prévenue par courriel.",
        success_url=contract.get_absolute_url(),
        title=f"Mettre fin à la coordination de {assignment.person}",
        contract=contract,
        cancel_url=contract.get_absolute_url(),
        submit_label="Mettre fin à la mission",
        intro="La personne garde ses droits jusqu'au dernier jour inclus, plus ensuite.",
    )


def people(request):
    contracts = access.people_contracts(request.user)
    roles = access.roles_of(request.user)
    if not roles.is_admin and not contracts.exists():
        raise PermissionDenied(
            "Seuls l'ARS et la coordination des contrats voient leurs personnes."
        )
    page = Paginator(people_of(contracts, timezone.localdate()), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "contracts/people.html",
        {
            "page": page,
            "may_deactivate": bool(roles.ars_region_ids),
            "may_add_members": bool(roles.ars_region_ids) or roles.is_admin,
        },
    )


def member_add(request):
    organisations = access.member_organisations(request.user)
    if not access.roles_of(request.user).is_admin and not organisations.exists():
        raise PermissionDenied(
            "Seuls les agents de l'ARS ajoutent des membres aux organisations de leurs contrats."
        )
    back = reverse("people")
    return submit_form(
        request,
        MemberForm(request.POST or None, organisations=organisations),
        lambda data: actor_services.member_invite(by=request.user, **data),
        success_message="La personne est ajoutée : elle reçoit une invitation par courriel "
        "(ou un message, si elle a déjà un compte).",
        success_url=back,
        title="Ajouter un membre d'une organisation",
        cancel_url=back,
        submit_label="Ajouter et inviter",
        intro="Un élu ou un agent d'une collectivité, ou d'une autre organisation partie à vos "
        "contrats : il lira les contrats qu'elle a signés.",
    )


def _back(request):
    """Where a button of the people page or of a contract page came from."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("people")


@require_POST
def invitation_resend(request, pk: int):
    invitation = access.invitation_for(request.user, pk)
    try:
        actor_services.invitation_resend(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"L'invitation de {invitation.user.email} est renvoyée : le nouveau lien vaut sept jours, le précédent ne sert plus.",
        )
    return _back(request)


@require_POST
def invitation_cancel(request, pk: int):
    invitation = access.invitation_for(request.user, pk)
    try:
        actor_services.invitation_cancel(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"L'invitation de {invitation.user.email} est annulée.")
    return _back(request)


@require_POST
def account_deactivate(request, pk: int):
    account = access.account_for(request.user, pk)
    actor_services.account_deactivate(user=account)
    messages.success(
        request,
        f"Le compte {account.email} est désactivé : ses sessions sont fermées et ses jetons d'API révoqués.",
    )
    return _back(request)
