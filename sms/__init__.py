"""The SMS channel: Twilio's webhooks and the keyword dialogue behind them."""
