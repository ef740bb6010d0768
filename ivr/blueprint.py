"""URL map of the voice webhooks (all POST, all signed)."""

from flask import Blueprint

from . import views

bp = Blueprint("ivr", __name__, url_prefix="/voice")

bp.add_url_rule("/incoming", view_func=views.incoming, methods=["POST"])
bp.add_url_rule("/step/<step>", view_func=views.step, methods=["POST"])
bp.add_url_rule("/outbound/<id:call_id>", view_func=views.outbound_call, methods=["POST"])
bp.add_url_rule("/status", view_func=views.status, methods=["POST"])
bp.add_url_rule("/recording", view_func=views.recording, methods=["POST"])
bp.add_url_rule("/whisper", view_func=views.whisper, methods=["POST"])
bp.add_url_rule("/whisper/answer", view_func=views.whisper_answer, methods=["POST"])
bp.add_url_rule("/apology-voicemail", view_func=views.apology_voicemail, methods=["POST"])
bp.register_error_handler(Exception, views.on_error)
