"""Messages the hotline sends; each goes through the outbox (core.outbox)."""
