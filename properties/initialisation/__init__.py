"""Properties: initialisation (issue 4)."""
