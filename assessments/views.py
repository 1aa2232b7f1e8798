"""Portal views of the self-assessment (filled by the portal work)."""
