"""Properties: parameter_counts (issue 4)."""
