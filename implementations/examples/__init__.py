"""Example adapters: templates for writing your own (see README, "Test your own implementation")."""
