"""The ARS's queue « À valider »: every submitted value of the région, filtered by contract,
indicator and period, validated or refused many at a time."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from config.french import plural
from contracts import access
from contracts.forms import apply_service_errors
from indicators import services
from indicators.enums import ReviewDecision
from indicators.filters import ReviewQueueFilter
from indicators.forms import ReviewReasonForm, ReviewSelectionForm
from indicators.selectors import review_queue, reviewable_values

QUEUE_PAGE_SIZE = 50


def values_review_queue(request):
    if not access.has_values_to_review(request.user):
        raise PermissionDenied("Seuls les agents de l'ARS examinent les valeurs soumises.")
    queue = review_queue(request.user)
    selection = ReviewSelectionForm(request.POST or None, queue=queue)
    reason = ReviewReasonForm(request.POST or None)
    if request.method == "POST" and selection.is_valid() and reason.is_valid():
        try:
            review = _decide(selection.cleaned_data, reason.cleaned_data, request.user)
        except ValidationError as error:
            apply_service_errors(reason, error)
        else:
            _tell(request, selection.cleaned_data["decision"], review)
            return redirect(request.get_full_path())
    return render(
        request,
        "indicators/review_queue.html",
        _queue_context(request, queue, selection, reason),
        status=422 if selection.errors or reason.errors else 200,
    )


def _decide(choice: dict, reason: dict, by) -> services.Review:
    if choice["decision"] == ReviewDecision.VALIDATE:
        return services.indicator_values_validate(values=choice["values"], by=by)
    return services.indicator_values_reject(
        values=choice["values"], by=by, comment=reason["review_comment"]
    )


def _tell(request, decision: str, review: services.Review) -> None:
    done = len(review.done)
    if decision == ReviewDecision.VALIDATE:
        summary = plural(done, "valeur validée,valeurs validées")
    else:
        summary = f"{plural(done, 'valeur refusée,valeurs refusées')} ; chaque personne qui "
        summary += "les avait soumises est prévenue par courriel"
    (messages.success if done else messages.info)(request, f"{summary}.")
    for value, reason in review.refused:
        messages.warning(request, f"{value.indicator.definition.name} ({value.period}) : {reason}")


def _queue_context(request, queue, selection, reason) -> dict:
    filters = ReviewQueueFilter(
        request.GET, queryset=queue, reviewable=reviewable_values(request.user)
    )
    page = Paginator(filters.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "page": page,
        "query_string": f"{query.urlencode()}&" if query else "",
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "selection": selection,
        # What was ticked stays ticked when the decision is refused: nothing is lost.
        "ticked": set(selection["values"].value() or ()) if selection.is_bound else set(),
        "reason_form": reason,
    }
