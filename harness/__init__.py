"""The corpus's pytest machinery: failure reproducers, the ledger of seed claims, the end-of-run report."""
