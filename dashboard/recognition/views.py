"""Recognition in the dashboard. A volunteer's checklist, Führungszeugnis and trainings are
recorded by any staff member (on the person page); the Kommune's checklist and what each
category requires are the admins'. Every change is audited."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from dispatch import helper_limits, recognition
from models import (
    BERLIN,
    CLEARANCE,
    Category,
    ChecklistItem,
    Person,
    Training,
    db,
    utcnow,
)
from prompts import dashboard as T
from prompts import recognition as R

from ..auth import admin_required, staff
from ..common import ActionForm, submitted
from ..scope import audit, get_or_404, kommune, kommune_id
from .forms import (
    ClearanceForm,
    ClearanceYearsForm,
    ConfirmForm,
    HelperLimitsForm,
    ItemForm,
    TrainingForm,
    requirement_choices,
)


def _today() -> date:
    return utcnow().astimezone(BERLIN).date()


def _volunteer(person_id: int) -> Person:
    person = get_or_404(Person, person_id)
    if not person.is_volunteer or person.erased_at is not None:
        abort(404)
    return person


def _item(item_id: int) -> ChecklistItem:
    item = db.session.get(ChecklistItem, item_id)
    if item is None or item.kommune_id != kommune_id():
        abort(404)
    return item


def _to_person(person: Person, change: str, message: str) -> Response:
    audit("update", "person", person.id, person_id=person.id, change=change)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("dashboard.person", person_id=person.id) + "#h-recognition")


def person_context(person: Person) -> dict[str, object]:
    """What the person page shows of a volunteer's recognition."""
    place = kommune()
    today = _today()
    return {
        "item_states": recognition.states(db.session, person, today),
        "clearance_expires": recognition.clearance_expires(person, place),
        "trainings": recognition.trainings(db.session, person.id),
        "not_offered": recognition.missing(db.session, person, place, today),
        "month_use": helper_limits.use(db.session, person, place, utcnow()),
        "confirm_form": ConfirmForm(confirmed_on=today),
        "clearance_form": ClearanceForm(issued_on=person.clearance_issued_on),
        "training_form": TrainingForm(),
    }


def confirm(person_id: int, item_id: int) -> Response:
    person = _volunteer(person_id)
    item = _item(item_id)
    form = ConfirmForm()
    if not submitted(form):
        return redirect(url_for("dashboard.person", person_id=person.id))

    recognition.confirm(db.session, person, item, form.confirmed_on.data, staff_user_id=staff().id)
    return _to_person(person, "check", R.CHECK_CONFIRMED(title=item.title))


def unconfirm(person_id: int, item_id: int) -> Response:
    person = _volunteer(person_id)
    item = _item(item_id)
    if not submitted(ActionForm()) or not recognition.unconfirm(db.session, person, item):
        return redirect(url_for("dashboard.person", person_id=person.id))
    return _to_person(person, "check", R.CHECK_REMOVED(title=item.title))


def clearance(person_id: int) -> Response:
    person = _volunteer(person_id)
    form = ClearanceForm()
    if not submitted(form):
        return redirect(url_for("dashboard.person", person_id=person.id))

    recognition.record_clearance(person, form.issued_on.data, staff_user_id=staff().id)
    if form.issued_on.data is None:
        return _to_person(person, "clearance", str(R.CLEARANCE_REMOVED))
    return _to_person(
        person, "clearance", R.CLEARANCE_SAVED(day=form.issued_on.data.strftime("%d.%m.%Y"))
    )


def add_training(person_id: int) -> Response:
    person = _volunteer(person_id)
    form = TrainingForm()
    if not submitted(form):
        return redirect(url_for("dashboard.person", person_id=person.id))

    training = recognition.add_training(
        db.session,
        person,
        form.title.data,
        form.taken_on.data,
        form.hours.minutes,
        staff_user_id=staff().id,
    )
    return _to_person(person, "training", R.TRAINING_SAVED(title=training.title))


def remove_training(person_id: int, training_id: int) -> Response:
    person = _volunteer(person_id)
    training = db.session.get(Training, training_id)
    if training is None or training.person_id != person.id:
        abort(404)
    if not submitted(ActionForm()):
        return redirect(url_for("dashboard.person", person_id=person.id))
    db.session.delete(training)
    return _to_person(person, "training", R.TRAINING_REMOVED(title=training.title))


# --- the Kommune's side -------------------------------------------------------------------------


def _requirement_options(items: list[ChecklistItem]) -> list[tuple[str, str]]:
    return [(CLEARANCE, str(R.CLEARANCE)), *((i.key, i.title) for i in items)]


def index() -> str:
    place = kommune()
    items = recognition.checklist(db.session, place.id)
    return render_template(
        "dashboard/recognition.html",
        kommune=place,
        items=items,
        expiring=recognition.expiring(db.session, place, _today()),
        days=recognition.EXPIRY_DAYS,
        requirements=recognition.requirements(db.session, place.id),
        requirement_options=_requirement_options(items),
        categories=[c.value for c in Category],
        has_preset=place.state in recognition.PRESETS,
        action=ActionForm(),
        item_form=ItemForm(),
        years_form=ClearanceYearsForm(clearance_years=place.clearance_years),
        limits_form=HelperLimitsForm(
            max_people=place.helper_max_people, max_hours=place.helper_max_hours
        ),
    )


def _back() -> Response:
    return redirect(url_for("dashboard.recognition"))


def _saved(message: str, **detail: object) -> Response:
    audit("update", "kommune", kommune_id(), **detail)
    db.session.commit()
    flash(message, "success")
    return _back()


@admin_required
def preset() -> Response:
    if not submitted(ActionForm()):
        return _back()
    added = recognition.apply_preset(db.session, kommune())
    if added is None:
        flash(str(R.PRESET_NONE), "info")
        return _back()
    return _saved(R.PRESET_ADDED(n=added), change="checklist")


@admin_required
def add_item() -> Response:
    form = ItemForm()
    if not submitted(form):
        return _back()
    item = recognition.add_item(
        db.session,
        kommune(),
        form.title.data,
        hint=form.hint.data or "",
        course_hours=form.course_hours.data,
        valid_months=form.valid_months.data,
    )
    return _saved(R.ITEM_ADDED(title=item.title), change="checklist")


@admin_required
def remove_item(item_id: int) -> Response:
    item = _item(item_id)
    if not submitted(ActionForm()):
        return _back()
    title = item.title
    recognition.remove_item(db.session, item)
    return _saved(R.ITEM_REMOVED(title=title), change="checklist")


@admin_required
def save_requirements() -> Response:
    if not submitted(ActionForm()):
        return _back()
    wanted = requirement_choices(request.form)
    wanted = {c: rs for c, rs in wanted.items() if c in {k.value for k in Category}}
    if not recognition.set_requirements(db.session, kommune(), wanted):
        flash(str(T.NO_CHANGE), "info")
        return _back()
    return _saved(str(R.REQUIREMENTS_SAVED), change="requirements")


@admin_required
def clearance_years() -> Response:
    form = ClearanceYearsForm()
    if not submitted(form):
        return _back()
    place = kommune()
    if place.clearance_years == form.clearance_years.data:
        flash(str(T.NO_CHANGE), "info")
        return _back()
    place.clearance_years = form.clearance_years.data
    return _saved(str(T.SAVED), fields=["clearance_years"])


@admin_required
def helper_limits_save() -> Response:
    """The Kommune's monthly limits per volunteer (empty: none)."""
    form = HelperLimitsForm()
    if not submitted(form):
        return _back()
    place = kommune()
    wanted = (form.max_people.data, form.max_hours.data)
    if (place.helper_max_people, place.helper_max_hours) == wanted:
        flash(str(T.NO_CHANGE), "info")
        return _back()
    place.helper_max_people, place.helper_max_hours = wanted
    return _saved(str(T.SAVED), fields=["helper_max_people", "helper_max_hours"])
