"""URL map of the public pages: one directory per Kommune, with the volunteer sign-up.
Strict headers: nothing from elsewhere, no scripts at all."""

from __future__ import annotations

from flask import Blueprint, Response

from . import views

bp = Blueprint(
    "public",
    __name__,
    url_prefix="/angebote",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

#: Content Security Policy: no scripts, styles from here only, forms post here only.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


@bp.after_request
def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


bp.add_url_rule("/<slug>", view_func=views.index, endpoint="index")
bp.add_url_rule("/<slug>/liste", view_func=views.print_list, endpoint="print")
bp.add_url_rule("/<slug>/<int:offer_id>", view_func=views.offer, endpoint="offer")
bp.add_url_rule(
    "/<slug>/mithelfen", view_func=views.signup, endpoint="signup", methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<slug>/mithelfen/code", view_func=views.signup_code, endpoint="code", methods=["GET", "POST"]
)
