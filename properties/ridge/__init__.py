"""Properties: ridge (issue 4)."""
