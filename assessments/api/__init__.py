"""The assessments partner API under /api/v1/: instruments, anonymous submissions,
personal PDF reports by retrieval code, and the campaign join flow."""
