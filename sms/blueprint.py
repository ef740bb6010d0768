"""URL map of the SMS webhooks (all POST, all signed)."""

from flask import Blueprint

from . import views

bp = Blueprint("sms", __name__, url_prefix="/sms")

bp.add_url_rule("/incoming", view_func=views.incoming, methods=["POST"])
bp.add_url_rule("/status", view_func=views.status, methods=["POST"])
bp.register_error_handler(Exception, views.on_error)
