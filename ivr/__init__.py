"""The voice channel: Twilio's webhooks for the hotline and the dialogue behind them."""
