"""Every message the learning app sends a person, each sent by a task through the outbox."""
