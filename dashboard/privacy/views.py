"""DSGVO for one person: export their data, erase them (admins only)."""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from dispatch import privacy
from models import Person, db
from prompts import dashboard as T

from ..auth import admin_required, staff
from ..common import ActionForm
from ..scope import audit, get_or_404
from .forms import EraseForm


@admin_required
def export(person_id: int) -> Response:
    person = get_or_404(Person, person_id)
    if not ActionForm().validate_on_submit() or person.erased_at is not None:
        abort(400)
    data = privacy.export(db.session, person)
    audit("export", "person", person.id, person_id=person.id)
    db.session.commit()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="nachbarruf-person-{person.id}.json"'
        },
    )


@admin_required
def erase(person_id: int) -> str | Response:
    person = get_or_404(Person, person_id)
    if person.erased_at is not None:
        return redirect(url_for("dashboard.person", person_id=person.id))
    form = EraseForm()
    if form.validate_on_submit():
        privacy.erase(db.session, person, staff_user_id=staff().id)
        db.session.commit()
        flash(str(T.PERSON_ERASED), "success")
        return redirect(url_for("dashboard.person", person_id=person.id))
    return render_template("dashboard/erase.html", person=person, form=form)
