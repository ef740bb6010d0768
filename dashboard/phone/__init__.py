"""The browser phone: calling the hotline through the real webhooks, and the sandbox's outbox."""
